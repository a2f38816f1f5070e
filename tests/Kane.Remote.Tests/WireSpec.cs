using System.Buffers;
using System.IO.Pipelines;
using Kane.Remote.Internal;
using Kane.Remote.Internal.Wire;

namespace Kane.Remote.Tests;

public sealed class WireSpec
{
    [Fact]
    public async Task A_frame_round_trips_and_a_partial_frame_waits_for_more_bytes()
    {
        var pipe = new Pipe();
        Framing.Write(pipe.Writer, FrameKind.Ack, new Ack { Cumulative = 7 });
        await pipe.Writer.FlushAsync();
        var buffer = (await pipe.Reader.ReadAsync()).Buffer;
        var partial = buffer.Slice(0, buffer.Length - 1);
        Assert.False(Framing.TryRead(ref partial, 1024, out _, out _));
        Assert.True(Framing.TryRead(ref buffer, 1024, out var kind, out var body));
        Assert.Equal(FrameKind.Ack, kind);
        Assert.Equal(7, Ack.Parser.ParseFrom(body).Cumulative);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void An_inbound_frame_longer_than_the_maximum_is_a_protocol_error()
    {
        var bytes = new ReadOnlySequence<byte>(new byte[] { 0x00, 0x10, 0x00, 0x00, 1 });
        var error = Assert.Throws<InvalidDataException>(() => Framing.TryRead(ref bytes, 1024, out _, out _));
        Assert.Contains("maximum-frame-size", error.Message);
    }

    [Fact]
    public void The_outbox_keeps_messages_until_a_cumulative_ack_covers_them_and_resends_the_rest()
    {
        var outbox = new SystemMessageOutbox(capacity: 3);
        for (var i = 0; i < 3; i++) Assert.True(outbox.TryAdd(new SystemEnvelope(), nowTicks: 0));
        Assert.False(outbox.TryAdd(new SystemEnvelope(), nowTicks: 0));
        outbox.Ack(2);
        Assert.Equal(3, Assert.Single(outbox.All).Envelope.Seq);
        Assert.Empty(outbox.DueForResend(nowTicks: 100, intervalTicks: 500));
        var due = Assert.Single(outbox.DueForResend(nowTicks: 600, intervalTicks: 500));
        Assert.Equal(1, due.Resends);
    }

    [Fact]
    public void The_inbox_accepts_only_the_next_sequence_number()
    {
        var inbox = new SystemMessageInbox();
        Assert.True(inbox.Accept(1));
        Assert.False(inbox.Accept(1));
        Assert.False(inbox.Accept(3));
        Assert.True(inbox.Accept(2));
        Assert.Equal(2, inbox.Cumulative);
    }

    [Fact]
    public void A_handshake_proof_depends_on_the_secret_the_role_and_both_nonces()
    {
        byte[] secret = [1, 2, 3], other = [1, 2, 4];
        var n1 = HandshakeProof.NewNonce();
        var n2 = HandshakeProof.NewNonce();
        var proof = HandshakeProof.Compute(secret, "dialer", n1, n2, "a", 1, "b", 2);
        Assert.True(HandshakeProof.Verify(proof, HandshakeProof.Compute(secret, "dialer", n1, n2, "a", 1, "b", 2)));
        Assert.False(HandshakeProof.Verify(proof, HandshakeProof.Compute(other, "dialer", n1, n2, "a", 1, "b", 2)));
        Assert.False(HandshakeProof.Verify(proof, HandshakeProof.Compute(secret, "acceptor", n1, n2, "a", 1, "b", 2)));
        Assert.False(HandshakeProof.Verify(proof, HandshakeProof.Compute(secret, "dialer", n2, n1, "a", 1, "b", 2)));
    }

    [Fact]
    public void Settings_without_a_secret_are_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentException>(() => RemoteSettings.Default.Validate());
        Assert.Contains("kane.remote.secret", error.Message);
    }

    [Fact]
    public void Settings_read_from_hocon_bind_serialization_tags_through_a_source_generated_context()
    {
        var config = Kane.Configuration.ConfigurationFactory.ParseString("""
            kane.remote {
              port = 0
              secret = "s"
              maximum-frame-size = 64KiB
              serialization {
                json-contexts = ["Kane.Remote.Tests.TestJsonContext, Kane.Remote.Tests"]
                bindings { greeting = "Kane.Remote.Tests.Greeting, Kane.Remote.Tests" }
              }
            }
            """);
        var settings = RemoteSettings.FromConfig(config);
        Assert.Equal(64 * 1024, settings.MaximumFrameSize);
        Assert.True(settings.Serialization.TryGet(typeof(Greeting), out var binding));
        Assert.Equal("greeting", binding.Tag);
        Assert.Equal(new Greeting("x", 1), binding.Read(binding.Write(new Greeting("x", 1))));
    }
}
