namespace N3Host.Tests.Supervision;

/// <summary>The settings of <see cref="FakeOptionsModule"/>, with their defaults.</summary>
public sealed class FakeOptions
{
    public int PeriodMs { get; set; } = 1000;

    public string Tag { get; set; } = "t";
}
