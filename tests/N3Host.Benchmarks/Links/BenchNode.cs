using N3Host.Testing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;

namespace N3Host.Benchmarks.Links;

/// <summary>A minimal node hosting module instances in-process for the benchmark (the host side).</summary>
internal sealed class BenchNode : IDisposable, INodeCertificate, IRoleGate, INodeServices, IModuleStates
{
    private readonly Dictionary<string, Func<object>> _status = [];

    public BenchNode(string name)
    {
        Name = name;
        DataDirectory = Path.Combine(Path.GetTempPath(), $"n3host-bench-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        Pem = Certificate.ExportCertificatePem();
    }

    public string Name { get; }

    public string DataDirectory { get; }

    public BenchTagBus Tags { get; } = new();

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    public string Fingerprint => Certificate.Thumbprint;

    public RoleState Current { get; set; } = new(RedundancyMode.Standalone, NodeRole.Active, 1, "bench", DateTimeOffset.UtcNow);

    public HostJournalRegistry Journals { get; } = new();

    IReadOnlyList<ModuleStatus> IModuleStates.Current => [];

    public event EventHandler<RoleState>? Changed;


    event EventHandler<ModuleStatus>? IModuleStates.Changed
    {
        add { }
        remove { }
    }

    public IModuleContext Context(string instance, string module, object settings) => new BenchContext(this, instance, module, settings);

    public object? Status(string key)
    {
        lock (_status)
        {
            return _status.TryGetValue(key, out var snapshot) ? snapshot() : null;
        }
    }

    public void SetRole(NodeRole role, long term)
    {
        Current = Current with { Role = role, Term = term };
        Changed?.Invoke(this, Current);
    }

    public void Add<TService>(TService service) where TService : class
    {
    }

    public void Remove<TService>(TService service) where TService : class
    {
    }

    public TService? Get<TService>() where TService : class => null;

    public void AddStatus(string key, Func<object> snapshot)
    {
        lock (_status)
        {
            _status[key] = snapshot;
        }
    }

    public void RemoveStatus(string key)
    {
        lock (_status)
        {
            _status.Remove(key);
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class BenchContext(BenchNode node, string instance, string module, object settings) : IModuleContext
    {
        public string InstanceName => instance;

        public ModuleManifest Manifest { get; } = new(module, new Version(0, 1), RoleFollowing.ActiveOnly, new Version(1, 0), null);

        public NodeInfo Node { get; } = new(node.Name, node.DataDirectory, new Version(0, 1), new Version(1, 0), Path.Combine(node.DataDirectory, "modules.json"));

        public ILogger Logger => NullLogger.Instance;

        public IConfiguration Settings { get; } = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(settings)))).Build();

        public string DataDirectory { get; } = Directory.CreateDirectory(Path.Combine(node.DataDirectory, "modules", instance)).FullName;

        public ITagBus Tags => node.Tags;

        public IRoleGate RoleGate => node;

        public TimeProvider Time => TimeProvider.System;

        public IJournalRegistry Journals => node.Journals;

        public IModuleStates Modules => node;

        public INodeServices Services => node;

        public INodeCertificate Certificate => node;

        public IRoleController AcquireRoleControl() => throw new InvalidOperationException("not in the benchmark");

        public void ReportFault(Exception error) => Console.Error.WriteLine($"fault in {instance}: {error}");
    }
}
