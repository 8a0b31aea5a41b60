using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>Tests that run the published install share it (it is published once per test run).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedHostCollection : ICollectionFixture<PublishedHost>
{
    public const string Name = "published host";
}
