using Xunit;

namespace N3Host.ConsoleTests;

/// <summary>The console tests share one browser and run one at a time (each starts its own nodes).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "console";
}
