using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// Tests that run the published install share it (it is published once per test run); the rolling upgrade and the win-x64
/// publish share a patch release built apart from it (<see cref="PatchRelease"/>, in the background while the others run).
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishedHostCollection : ICollectionFixture<PublishedHost>, ICollectionFixture<PatchRelease>
{
    public const string Name = "published host";
}
