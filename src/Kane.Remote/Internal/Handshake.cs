using Kane.Actor;
using Kane.Remote.Internal.Wire;
using Google.Protobuf;

namespace Kane.Remote.Internal;

/// <summary>
/// The association handshake. The dialer sends Hello (its address, uid, the address it expects, a nonce); the acceptor
/// answers Challenge (its address, uid, nonce and an HMAC over both nonces and identities); the dialer checks it and
/// answers Proof (its own HMAC). Each side refuses on a bad proof, a wrong address or a quarantined uid.
/// </summary>
internal static class Handshake
{
    private const int Version = 1;

    /// <exception cref="HandshakeRefusedException">The peer refused us or we refused the peer; the message says why.</exception>
    public static async Task DialAsync(Connection connection, RemoteTransport transport, Address expected, CancellationToken ct)
    {
        var own = transport.Address.ToString();
        var nonce = HandshakeProof.NewNonce();
        await connection.WriteFrameAsync(FrameKind.Hello, new Hello
        {
            Version = Version, FromAddress = own, FromUid = transport.Uid, ToAddress = expected.ToString(), Nonce = ByteString.CopyFrom(nonce),
        }, ct).ConfigureAwait(false);
        var (kind, body) = await connection.ReadFrameAsync(ct).ConfigureAwait(false);
        if (kind == FrameKind.Refused) throw new HandshakeRefusedException(Refused.Parser.ParseFrom(body).Reason, byPeer: true);
        if (kind != FrameKind.Challenge) throw new HandshakeRefusedException($"expected a challenge, got frame kind {kind}", byPeer: false);
        var challenge = Challenge.Parser.ParseFrom(body);
        if (challenge.Address != expected.ToString())
            throw new HandshakeRefusedException($"the system at {expected.Host}:{expected.Port} is {challenge.Address}, not {expected}", byPeer: false);
        var secret = transport.SecretBytes;
        var theirs = HandshakeProof.Compute(secret, "acceptor", nonce, challenge.Nonce.Span, own, transport.Uid, challenge.Address, challenge.Uid);
        if (!HandshakeProof.Verify(theirs, challenge.Proof.Span))
            throw new HandshakeRefusedException("its proof of the cluster secret is wrong (kane.remote.secret differs)", byPeer: false);
        if (transport.Quarantine.IsQuarantined(expected, challenge.Uid, Environment.TickCount64))
            throw new HandshakeRefusedException($"uid {challenge.Uid} is quarantined", byPeer: false, quarantined: true);
        var ours = HandshakeProof.Compute(secret, "dialer", nonce, challenge.Nonce.Span, own, transport.Uid, challenge.Address, challenge.Uid);
        await connection.WriteFrameAsync(FrameKind.Proof, new Proof { Proof_ = ByteString.CopyFrom(ours) }, ct).ConfigureAwait(false);
        connection.RemoteAddress = expected;
        connection.RemoteUid = challenge.Uid;
        connection.DialerAddress = own;
    }

    /// <exception cref="HandshakeRefusedException">The dialer was refused (it has been told why).</exception>
    public static async Task AcceptAsync(Connection connection, RemoteTransport transport, CancellationToken ct)
    {
        var own = transport.Address.ToString();
        var (kind, body) = await connection.ReadFrameAsync(ct).ConfigureAwait(false);
        if (kind != FrameKind.Hello) throw await Refuse(connection, $"expected a hello, got frame kind {kind}", ct).ConfigureAwait(false);
        var hello = Hello.Parser.ParseFrom(body);
        if (hello.Version != Version) throw await Refuse(connection, $"protocol version {hello.Version} is not {Version}", ct).ConfigureAwait(false);
        if (hello.ToAddress != own) throw await Refuse(connection, $"it asked for {hello.ToAddress} but this is {own}", ct).ConfigureAwait(false);
        if (!Address.TryParse(hello.FromAddress, out var from, out var error) || from.Host is null || from.Port is null)
            throw await Refuse(connection, $"its address '{hello.FromAddress}' is not a remote address: {error}", ct).ConfigureAwait(false);
        if (hello.Nonce.Length != HandshakeProof.NonceSize) throw await Refuse(connection, "its nonce has the wrong size", ct).ConfigureAwait(false);
        if (transport.Quarantine.IsQuarantined(from, hello.FromUid, Environment.TickCount64))
            throw await Refuse(connection, $"{from} uid {hello.FromUid} is quarantined; restart that system to rejoin", ct, quarantined: true).ConfigureAwait(false);
        var nonce = HandshakeProof.NewNonce();
        var secret = transport.SecretBytes;
        var ours = HandshakeProof.Compute(secret, "acceptor", hello.Nonce.Span, nonce, hello.FromAddress, hello.FromUid, own, transport.Uid);
        await connection.WriteFrameAsync(FrameKind.Challenge, new Challenge
        {
            Address = own, Uid = transport.Uid, Nonce = ByteString.CopyFrom(nonce), Proof = ByteString.CopyFrom(ours),
        }, ct).ConfigureAwait(false);
        (kind, body) = await connection.ReadFrameAsync(ct).ConfigureAwait(false);
        if (kind != FrameKind.Proof) throw new HandshakeRefusedException($"{from} did not prove the secret (frame kind {kind})", byPeer: false);
        var expected = HandshakeProof.Compute(secret, "dialer", hello.Nonce.Span, nonce, hello.FromAddress, hello.FromUid, own, transport.Uid);
        if (!HandshakeProof.Verify(expected, Proof.Parser.ParseFrom(body).Proof_.Span))
            throw new HandshakeRefusedException($"{from} gave a wrong proof of the cluster secret (kane.remote.secret differs)", byPeer: false);
        connection.RemoteAddress = from;
        connection.RemoteUid = hello.FromUid;
        connection.DialerAddress = hello.FromAddress;
    }

    private static async Task<HandshakeRefusedException> Refuse(Connection connection, string reason, CancellationToken ct, bool quarantined = false)
    {
        try { await connection.WriteFrameAsync(FrameKind.Refused, new Refused { Reason = reason }, ct).ConfigureAwait(false); }
        catch (Exception) { }
        return new HandshakeRefusedException(reason, byPeer: false, quarantined);
    }
}

/// <summary>A handshake that did not complete; <see cref="ByPeer"/> tells who refused.</summary>
internal sealed class HandshakeRefusedException(string reason, bool byPeer, bool quarantined = false) : Exception(reason)
{
    public bool ByPeer { get; } = byPeer;

    public bool Quarantined { get; } = quarantined;
}
