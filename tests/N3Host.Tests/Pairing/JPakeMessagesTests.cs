using N3Host.Pairing;
using Org.BouncyCastle.Crypto.Agreement.JPake;
using Org.BouncyCastle.Math;
using Xunit;

namespace N3Host.Tests.Pairing;

public sealed class JPakeMessagesTests
{
    [Theory]
    [InlineData(-255)]
    [InlineData(255)]
    public void ARound3Tag_KeepsItsSign_OverTheWire(long tag)
    {
        var read = JPakeMessages.ReadRound3(JPakeMessages.Write(new JPakeRound3Payload("n3host-backup", BigInteger.ValueOf(tag))));

        Assert.Equal(BigInteger.ValueOf(tag), read.MacTag);
        Assert.Equal("n3host-backup", read.ParticipantId);
    }

    [Fact]
    public void ANumberThatIsNotHex_IsRefusedWithAReason()
    {
        var refused = Assert.Throws<PairingRefusedException>(() => JPakeMessages.ReadRound3("""{"id":"n3host-backup","mac":"zz"}"""u8.ToArray()));

        Assert.Contains("not hexadecimal", refused.Message, StringComparison.Ordinal);
    }
}
