using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Cmd;

namespace Kane.Cluster.Cmd;

/// <summary>
/// The <c>cluster</c> palette of the management endpoint (pbm's cluster commands): show, leader, tail, and the
/// commands that change membership (join, leave, down, down-unreachable), which need the access token.
/// Register it with <c>KaneCmd.Get(system).RegisterPalette(ClusterCommands.Palette)</c> or WithClustering's host wiring.
/// </summary>
public static class ClusterCommands
{
    public static CommandPalette Palette { get; } = new CommandPalette("cluster", "Inspect and change cluster membership.")
        .Add(new CommandDefinition("show", "One line per member: address | roles | status | reachability | app version; the leader marked.", ShowAsync))
        .Add(new CommandDefinition("leader", "The current leader as this node sees it.", LeaderAsync))
        .Add(new CommandDefinition("tail", "Stream membership and reachability events until interrupted.", TailAsync) { Streaming = true })
        .Add(new CommandDefinition("join", "Make this node join the cluster that ADDR belongs to.", c => ChangeAsync(c, "join")) { ChangesCluster = true, Arguments = [AddressArgument] })
        .Add(new CommandDefinition("leave", "Ask the member at ADDR to leave gracefully.", c => ChangeAsync(c, "leave")) { ChangesCluster = true, Arguments = [AddressArgument] })
        .Add(new CommandDefinition("down", "Declare the member at ADDR dead; it is removed.", c => ChangeAsync(c, "down")) { ChangesCluster = true, Arguments = [AddressArgument] })
        .Add(new CommandDefinition("down-unreachable", "Down every member this node sees as unreachable.", DownUnreachableAsync) { ChangesCluster = true });

    private static CommandArgument AddressArgument => new("address", "A member address, kane.tcp://kane@HOST:PORT (or HOST:PORT).") { Mandatory = true, Positional = true };

    private static async Task<int> ShowAsync(CommandContext c)
    {
        var cluster = Cluster.Get(c.System);
        var state = cluster.State;
        var members = state.Members.OrderBy(m => m.Address, AddressOrdering.Instance).ToList();
        if (c.Json)
        {
            await c.WriteJsonAsync(new JsonObject
            {
                ["self"] = cluster.SelfAddress.ToString(),
                ["leader"] = state.Leader?.ToString(),
                ["count"] = members.Count,
                ["members"] = new JsonArray([.. members.Select(m => (JsonNode)MemberJson(m, state))]),
            }).ConfigureAwait(false);
            return 0;
        }
        foreach (var m in members)
        {
            var reachability = state.Unreachable.Contains(m) ? "unreachable" : "reachable";
            var marks = (m.Address == state.Leader ? " [leader]" : "") + (m.Address == cluster.SelfAddress ? " [self]" : "");
            await c.WriteLineAsync($"{m.Address} | [{string.Join(",", m.Roles)}] | {Status(m.Status)} | {reachability} | {m.AppVersion}{marks}").ConfigureAwait(false);
        }
        await c.WriteLineAsync($"Count: {members.Count} nodes").ConfigureAwait(false);
        return 0;
    }

    private static JsonObject MemberJson(Member m, CurrentClusterState state) => new()
    {
        ["address"] = m.Address.ToString(),
        ["uid"] = m.UniqueAddress.Uid,
        ["roles"] = new JsonArray([.. m.Roles.Select(r => (JsonNode)JsonValue.Create(r))]),
        ["status"] = Status(m.Status),
        ["reachable"] = !state.Unreachable.Contains(m),
        ["appVersion"] = m.AppVersion,
        ["upNumber"] = m.UpNumber == int.MaxValue ? null : m.UpNumber,
        ["leader"] = m.Address == state.Leader,
    };

    private static string Status(MemberStatus s) => s switch
    {
        MemberStatus.WeaklyUp => "weakly-up",
        _ => s.ToString().ToLowerInvariant(),
    };

    private static async Task<int> LeaderAsync(CommandContext c)
    {
        var leader = Cluster.Get(c.System).State.Leader;
        if (c.Json) await c.WriteJsonAsync(new JsonObject { ["leader"] = leader?.ToString() }).ConfigureAwait(false);
        else await c.WriteLineAsync(leader?.ToString() ?? "No leader (this node is not in a cluster, or no member is reachable)").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> TailAsync(CommandContext c)
    {
        var cluster = Cluster.Get(c.System);
        var inbox = c.CreateInbox<IClusterDomainEvent>();
        cluster.Subscribe(inbox.Ref, InitialStateMode.AsEvents, typeof(MemberEvent), typeof(ReachabilityEvent), typeof(LeaderChanged));
        try
        {
            await foreach (var e in inbox.ReadAllAsync(c.Cancelled).ConfigureAwait(false))
            {
                var (kind, subject) = Describe(e);
                if (c.Json) await c.WriteJsonAsync(new JsonObject { ["event"] = kind, ["address"] = subject, ["at"] = DateTimeOffset.UtcNow.ToString("O") }).ConfigureAwait(false);
                else await c.WriteLineAsync($"{DateTimeOffset.Now:HH:mm:ss.fff} {kind} {subject}").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (c.Cancelled.IsCancellationRequested) { }
        finally
        {
            cluster.Unsubscribe(inbox.Ref);
        }
        return 0;
    }

    private static (string Kind, string? Subject) Describe(IClusterDomainEvent e) => e switch
    {
        MemberRemoved r => ("member-removed", $"{r.Member.Address} (was {Status(r.PreviousStatus)})"),
        MemberEvent m => ("member-" + Status(m.Member.Status), m.Member.Address.ToString()),
        UnreachableMember u => ("unreachable", u.Member.Address.ToString()),
        ReachableMember r => ("reachable", r.Member.Address.ToString()),
        LeaderChanged l => ("leader-changed", l.Leader?.ToString()),
        _ => (e.GetType().Name, null),
    };

    private static async Task<int> ChangeAsync(CommandContext c, string what)
    {
        var cluster = Cluster.Get(c.System);
        var address = ParseAddress(c.Get("address")!, c.System.Name);
        if (what != "join" && !cluster.State.Members.Any(m => m.Address == address))
            throw new CommandUsageException($"{address} is not a member of this node's cluster; `kane cluster show` lists the members.");
        switch (what)
        {
            case "join": cluster.Join(address); break;
            case "leave": cluster.Leave(address); break;
            default: cluster.Down(address); break;
        }
        var message = what switch
        {
            "join" => $"{cluster.SelfAddress} is joining the cluster of {address}",
            "leave" => $"{address} is leaving",
            _ => $"{address} is being downed",
        };
        if (c.Json) await c.WriteJsonAsync(new JsonObject { ["command"] = what, ["address"] = address.ToString(), ["accepted"] = true }).ConfigureAwait(false);
        else await c.WriteLineAsync(message).ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> DownUnreachableAsync(CommandContext c)
    {
        var cluster = Cluster.Get(c.System);
        var unreachable = cluster.State.Unreachable.Select(m => m.Address).ToList();
        foreach (var a in unreachable) cluster.Down(a);
        if (c.Json) await c.WriteJsonAsync(new JsonObject { ["downed"] = new JsonArray([.. unreachable.Select(a => (JsonNode)JsonValue.Create(a.ToString()))]) }).ConfigureAwait(false);
        else await c.WriteLineAsync(unreachable.Count == 0 ? "No unreachable members." : $"Downing {unreachable.Count}: {string.Join(", ", unreachable)}").ConfigureAwait(false);
        return 0;
    }

    /// <exception cref="CommandUsageException">Not a member address.</exception>
    internal static Address ParseAddress(string text, string systemName) =>
        ClusterAddress.TryParse(text, systemName, out var address)
            ? address
            : throw new CommandUsageException($"'{text}' is not a member address; use kane.tcp://{systemName}@HOST:PORT or HOST:PORT.");
}
