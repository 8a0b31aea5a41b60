using N3Host.Tags;
using Xunit;

namespace N3Host.Tests.Tags;

public sealed class TagPatternTests
{
    [Theory]
    [InlineData("*", "sim/ramp1", true)]
    [InlineData("sim/*", "sim/ramp1", true)]
    [InlineData("sim/*", "plc/ramp1", false)]
    [InlineData("sim/ramp?", "sim/ramp1", true)]
    [InlineData("sim/ramp?", "sim/ramp12", false)]
    [InlineData("*/ramp*", "line2/ramp7", true)]
    [InlineData("*a*b*", "xxaxxbxx", true)]
    [InlineData("*a*b", "xxaxxbxx", false)]
    [InlineData("sim/ramp1", "sim/ramp1", true)]
    [InlineData("sim/ramp1", "sim/Ramp1", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Matches_StarAndQuestionMark(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, TagPattern.IsMatch(pattern, path));
    }
}
