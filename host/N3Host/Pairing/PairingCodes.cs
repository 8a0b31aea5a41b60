namespace N3Host.Pairing;

/// <summary>
/// The primary's one-time pairing code, valid <see cref="Validity"/> and for <see cref="Attempts"/> wrong codes. Transitions:
/// <list type="table">
/// <item><term>any → Open</term><description><see cref="Open"/>: a new code (the previous one is void at once).</description></item>
/// <item><term>Open → Expired</term><description>the clock passed <see cref="PairingState.ExpiresAt"/> (read lazily: <see cref="Current"/>).</description></item>
/// <item><term>Open → Open</term><description><see cref="Wrong"/> with attempts left: one fewer.</description></item>
/// <item><term>Open → Voided</term><description><see cref="Wrong"/> for the third time.</description></item>
/// <item><term>Open → Paired</term><description><see cref="Paired"/>: the code was used (once).</description></item>
/// </list>
/// </summary>
internal sealed class PairingCodes(TimeProvider time)
{
    /// <summary>How long a code is valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes that void a code.</summary>
    public const int Attempts = 3;

    private readonly Lock _lock = new();
    private PairingState _state = PairingState.Initial;

    /// <summary>Told after every transition (not for the lazy expiry).</summary>
    public event Action<PairingState>? Changed;

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The code's state now (an open code past its time reads as expired).</summary>
    public PairingState Current
    {
        get
        {
            lock (_lock)
            {
                return Expire();
            }
        }
    }

    /// <summary>Opens a new code, valid from now; a code still open is replaced (void at once).</summary>
    public PairingState Open()
    {
        var code = PairingCode.New();
        var expires = Time.GetUtcNow() + Validity;
        return Set(_ => new PairingState(PairingPhase.Open, code, expires, Attempts, null,
            $"pairing code open until {PairingState.Clock(expires)}, {Attempts} attempts"));
    }

    /// <summary>A wrong code was tried: one attempt fewer, void at none. The state's message is what the backup is told.</summary>
    public PairingState Wrong() => Set(state =>
    {
        if (state.Phase != PairingPhase.Open)
        {
            return state;
        }

        var left = state.AttemptsLeft - 1;
        return left > 0
            ? state with { AttemptsLeft = left, Message = $"the pairing code was wrong ({left} {(left == 1 ? "attempt" : "attempts")} left)" }
            : state with
            {
                Phase = PairingPhase.Voided,
                AttemptsLeft = 0,
                Message = $"the pairing code was wrong {Attempts} times and is void now; run n3host pair again on the primary",
            };
    });

    /// <summary>The code was used by <paramref name="peer"/>: no further use.</summary>
    public PairingState Paired(string peer) => Set(state => state.Phase != PairingPhase.Open
        ? state
        : state with { Phase = PairingPhase.Paired, Peer = peer, Message = $"paired with {peer}; the pairing code is used and void now" });

    /// <summary>Why a backup cannot pair now (null while the code is open).</summary>
    public static string? Refusal(PairingState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase switch
        {
            PairingPhase.Open => null,
            PairingPhase.Paired => "the pairing code was used already; run n3host pair again on the primary for a new one",
            _ => state.Message,
        };
    }

    private PairingState Set(Func<PairingState, PairingState> transition)
    {
        PairingState before;
        PairingState after;
        lock (_lock)
        {
            before = Expire();
            after = transition(before);
            _state = after;
        }

        if (!ReferenceEquals(before, after))
        {
            Changed?.Invoke(after);
        }

        return after;
    }

    private PairingState Expire()
    {
        if (_state is { Phase: PairingPhase.Open, ExpiresAt: { } expires } && Time.GetUtcNow() >= expires)
        {
            _state = _state with
            {
                Phase = PairingPhase.Expired,
                Message = $"the pairing code expired at {PairingState.Clock(expires)}; run n3host pair again on the primary",
            };
        }

        return _state;
    }
}
