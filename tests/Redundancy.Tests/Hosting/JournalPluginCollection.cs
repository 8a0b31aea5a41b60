using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>The process tests that run the journal test plugin share one build of it.</summary>
[CollectionDefinition(Name)]
public sealed class JournalPluginCollection : ICollectionFixture<JournalPluginInstall>
{
    public const string Name = "journal plugin";
}
