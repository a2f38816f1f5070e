using System.Collections.Concurrent;
using Kane.Actor;

namespace Kane.Remote.Internal;

/// <summary>
/// Test-only fault injection on the links of one transport, per remote address: outbound frames can be dropped
/// (blackhole) or paced to a rate (throttle), inbound frames can be dropped. Every frame kind is affected, heartbeats
/// and acks included, so a blackholed peer looks dead to remote death watch. Empty (the normal case) costs one
/// volatile read per batch. Used by Kane.MultiNode's test conductor.
/// </summary>
internal sealed class LinkFilter
{
    private readonly ConcurrentDictionary<Address, LinkRule> _rules = new();
    private volatile bool _any;

    /// <summary>The rule for traffic with <paramref name="remote"/>; <see cref="LinkRule.PassThrough"/> when none is set.</summary>
    public LinkRule RuleFor(Address remote) =>
        _any && _rules.TryGetValue(remote, out var rule) ? rule : LinkRule.PassThrough;

    /// <summary>Drops frames to (<paramref name="outbound"/>) and/or from (<paramref name="inbound"/>) <paramref name="remote"/>.</summary>
    public void Blackhole(Address remote, bool outbound, bool inbound) =>
        Update(remote, r => r with
        {
            DropOutbound = r.DropOutbound || outbound,
            DropInbound = r.DropInbound || inbound,
        });

    /// <summary>Paces frames to <paramref name="remote"/> to <paramref name="bytesPerSecond"/> (outbound only: the sender paces).</summary>
    public void Throttle(Address remote, double bytesPerSecond)
    {
        if (!(bytesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, "must be positive");
        Update(remote, r => r with { OutboundBytesPerSecond = bytesPerSecond });
    }

    /// <summary>Restores normal flow to (<paramref name="outbound"/>) and/or from (<paramref name="inbound"/>) <paramref name="remote"/>.</summary>
    public void PassThrough(Address remote, bool outbound, bool inbound) =>
        Update(remote, r => r with
        {
            DropOutbound = r.DropOutbound && !outbound,
            OutboundBytesPerSecond = outbound ? 0 : r.OutboundBytesPerSecond,
            DropInbound = r.DropInbound && !inbound,
        });

    private void Update(Address remote, Func<LinkRule, LinkRule> change)
    {
        var rule = _rules.AddOrUpdate(remote, _ => change(LinkRule.PassThrough), (_, old) => change(old));
        if (rule == LinkRule.PassThrough) _rules.TryRemove(new KeyValuePair<Address, LinkRule>(remote, rule));
        _any = !_rules.IsEmpty;
    }
}

/// <summary>What happens to the traffic with one remote address.</summary>
/// <param name="OutboundBytesPerSecond">0 means unthrottled.</param>
internal sealed record LinkRule(bool DropOutbound, bool DropInbound, double OutboundBytesPerSecond)
{
    public static readonly LinkRule PassThrough = new(false, false, 0);

    /// <summary>How long the writer pauses after sending <paramref name="bytes"/> under this rule's throttle.</summary>
    public TimeSpan PaceFor(int bytes) =>
        OutboundBytesPerSecond > 0 ? TimeSpan.FromSeconds(bytes / OutboundBytesPerSecond) : TimeSpan.Zero;
}
