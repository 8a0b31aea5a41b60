using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Witness;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>
/// What one node's witness says, set by the test, for state-machine tests of the decisions (the real client over a real
/// Mosquitto is tested by the process tests). Records what the node published.
/// </summary>
internal sealed class TestWitness : IWitness
{
    private WitnessView _view = new("mqtt://witness:1883", true, true, false, null, null, null, null, null);

    public WitnessView View
    {
        get => _view;
        set
        {
            _view = value;
            Changed?.Invoke();
        }
    }

    WitnessView IWitness.View => _view;

    public event Action? Changed;

    public (NodeRole Role, long Term)? Published { get; private set; }

    public long SentSeq { get; private set; }

    public void Publish(NodeRole role, long term)
    {
        Published = (role, term);
        SentSeq++;
    }

    /// <summary>Every heartbeat sent so far came back through the broker.</summary>
    private WitnessView Echoed(WitnessView view) => view with { EchoedSeq = SentSeq };

    /// <summary>The witness reachable, the peer alive there with this role and term.</summary>
    public void PeerAlive(string node, NodeRole role, long term) => View = Echoed(_view with { Connected = true, Reachable = true, PeerAlive = true, PeerNode = node, PeerRole = role, PeerTerm = term });

    /// <summary>The witness reachable, the peer silent or offline there.</summary>
    public void PeerGone() => View = Echoed(_view with { Connected = true, Reachable = true, PeerAlive = false, PeerRole = null, PeerTerm = null });

    /// <summary>The witness not reachable from this node.</summary>
    public void Unreachable() => View = _view with { Connected = false, Reachable = false, PeerAlive = false, PeerRole = null, PeerTerm = null, LastError = "connection refused" };
}
