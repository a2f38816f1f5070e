using System.Security.Cryptography;
using System.Text;

namespace Kane.Remote.Internal;

/// <summary>
/// The HMAC proofs of the handshake: each side signs both nonces and both identities with the shared secret, under
/// its own role label, so a proof can neither be replayed on another connection nor reflected back to its author.
/// </summary>
internal static class HandshakeProof
{
    public const int NonceSize = 32;

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceSize);

    public static byte[] Compute(byte[] secret, string role, ReadOnlySpan<byte> dialerNonce, ReadOnlySpan<byte> acceptorNonce,
        string dialerAddress, long dialerUid, string acceptorAddress, long acceptorUid)
    {
        var text = Encoding.UTF8.GetBytes($"kane-remote-v1|{role}|{dialerAddress}|{dialerUid}|{acceptorAddress}|{acceptorUid}|");
        var data = new byte[text.Length + dialerNonce.Length + acceptorNonce.Length];
        text.CopyTo(data, 0);
        dialerNonce.CopyTo(data.AsSpan(text.Length));
        acceptorNonce.CopyTo(data.AsSpan(text.Length + dialerNonce.Length));
        return HMACSHA256.HashData(secret, data);
    }

    public static bool Verify(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        expected.Length == actual.Length && CryptographicOperations.FixedTimeEquals(expected, actual);
}
