using N3Host.Pairing;
using Xunit;

namespace N3Host.Tests.Pairing;

public sealed class PairingCodeTests
{
    [Fact]
    public void NewCodes_AreTwelveCharactersOfTheAlphabet_InThreeGroups_AndDiffer()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => PairingCode.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", c.ToString()));
        Assert.Equal(200, codes.Select(c => c.Characters).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("7kq2-m9xd-4hvr", "7KQ2M9XD4HVR")]
    [InlineData("7KQ2 M9XD 4HVR", "7KQ2M9XD4HVR")]
    [InlineData("7KQ2M9XD4HVR", "7KQ2M9XD4HVR")]
    [InlineData("OIL2-M9XD-4HVR", "0112M9XD4HVR")]
    public void Parse_ReadsWhatAUserTypes(string typed, string characters) => Assert.Equal(characters, PairingCode.Parse(typed)?.Characters);

    [Theory]
    [InlineData("7KQ2-M9XD-4HV")]
    [InlineData("7KQ2-M9XD-4HVRX")]
    [InlineData("7KQ2-M9XD-4HVU")]
    [InlineData("7KQ2-M9XD-4HV!")]
    [InlineData("")]
    public void Parse_RefusesWhatIsNotACode(string typed) => Assert.Null(PairingCode.Parse(typed));
}
