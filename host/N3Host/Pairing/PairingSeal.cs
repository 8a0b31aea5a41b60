using System.Security.Cryptography;
using System.Text;

namespace N3Host.Pairing;

/// <summary>
/// Seals and opens the messages sent after the key exchange: a key per direction from the J-PAKE keying material (HKDF-SHA256),
/// AES-256-GCM with a counter nonce per direction. A message that does not open did not come from the holder of the code.
/// </summary>
internal sealed class PairingSeal : IDisposable
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly AesGcm _send;
    private readonly AesGcm _receive;
    private readonly byte[] _sendLabel;
    private readonly byte[] _receiveLabel;
    private long _sent;
    private long _received;

    public PairingSeal(byte[] keyingMaterial, bool isPrimary)
    {
        ArgumentNullException.ThrowIfNull(keyingMaterial);
        var toBackup = Encoding.ASCII.GetBytes(PairingProtocol.Name + " primary to backup");
        var toPrimary = Encoding.ASCII.GetBytes(PairingProtocol.Name + " backup to primary");
        (_sendLabel, _receiveLabel) = isPrimary ? (toBackup, toPrimary) : (toPrimary, toBackup);
        _send = new AesGcm(HKDF.DeriveKey(HashAlgorithmName.SHA256, keyingMaterial, 32, salt: [], info: _sendLabel), TagBytes);
        _receive = new AesGcm(HKDF.DeriveKey(HashAlgorithmName.SHA256, keyingMaterial, 32, salt: [], info: _receiveLabel), TagBytes);
    }

    public byte[] Seal(ReadOnlySpan<byte> plain)
    {
        var sealedMessage = new byte[plain.Length + TagBytes];
        _send.Encrypt(Nonce(_sent++), plain, sealedMessage.AsSpan(0, plain.Length), sealedMessage.AsSpan(plain.Length), _sendLabel);
        return sealedMessage;
    }

    /// <summary>The plain text, or a <see cref="PairingRefusedException"/> when the message was not sealed with the other side's key.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedMessage)
    {
        if (sealedMessage.Length < TagBytes)
        {
            throw new PairingRefusedException("a sealed pairing message is too short");
        }

        var plain = new byte[sealedMessage.Length - TagBytes];
        try
        {
            _receive.Decrypt(Nonce(_received++), sealedMessage[..plain.Length], sealedMessage[plain.Length..], plain, _receiveLabel);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new PairingRefusedException("a pairing message was not sealed with the key of the code: it was changed on the way, or does not come from the other node", e);
        }

        return plain;
    }

    public void Dispose()
    {
        _send.Dispose();
        _receive.Dispose();
    }

    private static byte[] Nonce(long counter)
    {
        var nonce = new byte[NonceBytes];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(nonce.AsSpan(NonceBytes - 8), counter);
        return nonce;
    }
}
