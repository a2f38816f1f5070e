using System.Buffers.Binary;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Tests;

public sealed class EndpointSpec : IAsyncLifetime
{
    private TestNode _node = null!;

    public Task InitializeAsync()
    {
        _node = new TestNode();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private async Task Still_serves()
    {
        var frames = await _node.RunAsync("test", "echo", "still-here");
        Assert.Equal(["still-here"], frames.Where(f => f.Type == "line").Select(f => f.Text));
        Assert.Equal(0, frames[^1].Exit);
    }

    [Fact]
    public async Task The_palette_list_has_the_built_in_actor_palette_and_registered_ones_with_their_arguments()
    {
        var palettes = await _node.Client().DescribeAsync();
        Assert.Equal(["actor", "test"], palettes.Select(p => p.Name));
        var hierarchy = palettes[0].Commands.Single(c => c.Name == "hierarchy");
        Assert.Equal(["start", "depth"], hierarchy.Arguments.Select(a => a.Name));
        Assert.Equal(["-d"], hierarchy.Arguments[1].Switches);
        Assert.Equal("0", hierarchy.Arguments[1].Default);
        var test = palettes[1].Commands.ToDictionary(c => c.Name);
        Assert.True(test["watch"].Streaming);
        Assert.True(test["change"].ChangesCluster);
        Assert.False(test["echo"].ChangesCluster);
    }

    [Fact]
    public async Task A_command_gets_its_words_parsed_against_the_definition_and_ends_with_exit_code_0()
    {
        var frames = await _node.RunAsync("test", "echo", "-u", "hello");
        Assert.Equal(["line", "end"], frames.Select(f => f.Type));
        Assert.Equal("HELLO", frames[0].Text);
        Assert.Equal(0, frames[1].Exit);
    }

    [Fact]
    public async Task Named_arguments_work_as_well_as_words()
    {
        var frames = await TestNode.Collect(_node.Client().RunAsync("test", "echo", new Dictionary<string, string> { ["text"] = "named" }));
        Assert.Equal("named", frames[0].Text);
    }

    [Theory]
    [InlineData("nope", "echo", "no palette 'nope'")]
    [InlineData("test", "nope", "has no command 'nope'")]
    public async Task An_unknown_palette_or_command_is_an_error_that_lists_what_exists(string palette, string command, string message)
    {
        var frames = await _node.RunAsync(palette, command);
        var error = Assert.Single(frames);
        Assert.Equal((CmdProtocol.FrameError, CmdProtocol.ErrorUnknownCommand), (error.Type, error.Code));
        Assert.Contains(message, error.Message);
        Assert.Equal(2, CmdProtocol.ExitCodeFor(error.Code));
    }

    [Theory]
    [InlineData(new string[0], "needs --text")]
    [InlineData(new[] { "a", "b" }, "unexpected 'b'")]
    [InlineData(new[] { "a", "--loud" }, "no option '--loud'")]
    public async Task Arguments_that_do_not_fit_get_a_usage_error_with_the_usage_line(string[] words, string message)
    {
        var error = Assert.Single(await _node.RunAsync("test", "echo", words));
        Assert.Equal(CmdProtocol.ErrorUsage, error.Code);
        Assert.Contains(message, error.Message);
        Assert.Contains("Usage: echo TEXT [-u|--upper]", error.Message);
    }

    [Fact]
    public async Task A_handler_that_throws_gets_a_failed_error_and_the_endpoint_carries_on()
    {
        var error = Assert.Single(await _node.RunAsync("test", "boom"));
        Assert.Equal(CmdProtocol.ErrorFailed, error.Code);
        Assert.Contains("kaboom", error.Message);
        await Still_serves();
    }

    [Fact]
    public async Task Another_protocol_version_is_refused_with_both_versions_named()
    {
        var frames = await TestNode.Collect(_node.Client().SendAsync(new CmdRequest { V = 99, Palette = "test", Command = "echo", Tokens = ["x"] }));
        var error = Assert.Single(frames);
        Assert.Equal(CmdProtocol.ErrorVersion, error.Code);
        Assert.Contains("version 99", error.Message);
        Assert.Contains($"version {CmdProtocol.Version}", error.Message);
        await Still_serves();
    }

    [Fact]
    public async Task An_oversized_request_is_refused_before_it_is_read_and_the_connection_closes()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, CmdSettings.Default.MaxRequestBytes + 1);
        var error = Assert.Single(await _node.RawAsync(header));
        Assert.Equal(CmdProtocol.ErrorTooLarge, error.Code);
        Assert.Contains($"{CmdSettings.Default.MaxRequestBytes + 1} bytes", error.Message);
        await Still_serves();
    }

    [Fact]
    public async Task A_frame_just_under_the_limit_is_read_and_judged_on_its_content()
    {
        var padding = new string(' ', CmdSettings.Default.MaxRequestBytes - 200);
        var frames = await _node.RawAsync(TestNode.Frame("{\"v\":1,\"palette\":\"test\",\"command\":\"echo\",\"tokens\":[\"big\"]" + padding + "}"));
        Assert.True(frames[0].Text == "big", $"{frames[0].Code}: {frames[0].Message}");
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("\0\0\0\0")]
    public async Task Garbage_bytes_get_an_error_reply_and_the_endpoint_carries_on(string garbage)
    {
        var error = Assert.Single(await _node.RawAsync(System.Text.Encoding.ASCII.GetBytes(garbage)));
        Assert.Equal(CmdProtocol.FrameError, error.Type);
        Assert.Contains(error.Code, new[] { CmdProtocol.ErrorTooLarge, CmdProtocol.ErrorMalformed });
        await Still_serves();
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"v\":\"one\"}")]
    [InlineData("{\"palette\":\"test\",\"command\":\"echo\"}")]
    public async Task A_well_framed_request_that_is_not_a_request_is_malformed(string json)
    {
        var error = Assert.Single(await _node.RawAsync(TestNode.Frame(json)));
        Assert.Equal(CmdProtocol.ErrorMalformed, error.Code);
        await Still_serves();
    }

    [Fact]
    public async Task A_connection_that_closes_inside_a_frame_does_not_hurt_the_endpoint()
    {
        var frame = TestNode.Frame("{\"v\":1,\"palette\":\"test\",\"command\":\"echo\",\"tokens\":[\"x\"]}");
        var error = Assert.Single(await _node.RawAsync(frame[..10], thenClose: true));
        Assert.Equal(CmdProtocol.ErrorMalformed, error.Code);
        Assert.Contains("closed inside a frame", error.Message);
        await Still_serves();
    }

    [Fact]
    public async Task A_streaming_command_sends_events_until_the_client_hangs_up_and_then_its_handler_ends()
    {
        await _node.Events.Writer.WriteAsync("one");
        await _node.Events.Writer.WriteAsync("two");
        var received = new List<string>();
        await using (var frames = _node.Client().RunAsync("test", "watch").GetAsyncEnumerator())
        {
            while (received.Count < 2 && await frames.MoveNextAsync()) received.Add(frames.Current.Text!);
            await _node.Events.Writer.WriteAsync("three");
            Assert.True(await frames.MoveNextAsync());
            received.Add(frames.Current.Text!);
        }
        Assert.Equal(["one", "two", "three"], received);
        await _node.WatchEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Still_serves();
    }

    [Fact]
    public async Task A_client_cancelling_mid_stream_ends_the_command_on_the_node()
    {
        using var cts = new CancellationTokenSource();
        await _node.Events.Writer.WriteAsync("first");
        var seen = new List<string>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in _node.Client().RunAsync("test", "watch", ct: cts.Token))
            {
                seen.Add(frame.Text!);
                await cts.CancelAsync();
            }
        });
        Assert.Equal(["first"], seen);
        await _node.WatchEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Still_serves();
    }

    [Fact]
    public async Task Stopping_the_endpoint_ends_a_running_stream_with_a_stopping_error()
    {
        await _node.Events.Writer.WriteAsync("first");
        await using var frames = _node.Client().RunAsync("test", "watch").GetAsyncEnumerator();
        Assert.True(await frames.MoveNextAsync());
        var stop = _node.Cmd.StopAsync();
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(CmdProtocol.ErrorStopping, frames.Current.Code);
        await stop;
        await Assert.ThrowsAsync<CmdUnreachableException>(() => _node.Client().DescribeAsync());
    }
}
