using System.Collections.Immutable;
using Kane.Actor;
using Kane.Cluster.Gossip;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.Internal;

// Joining: the seed-node processes (only the first seed may form a cluster by joining itself), the Join/Welcome
// handshake with a contact node, retries, and the contact side that admits joiners.
internal sealed partial class ClusterDaemon
{
    private ImmutableArray<Address> _seeds = [];
    private HashSet<Address> _seedsAwaiting = [];
    private bool _firstSeed;
    private long _seedDeadline;
    private int _seedAttempts;
    private Address? _contact;
    private long _joinDeadline;

    private void StartSeedProcess(ImmutableArray<Address> seeds)
    {
        if (_initialized)
        {
            Log.LogInformation("Ignoring seed-node join: {Node} is already a member", _self);
            return;
        }
        _seeds = seeds;
        _contact = null;
        _seedAttempts = 0;
        _firstSeed = !seeds.IsEmpty && seeds[0] == _self.Address;
        _seedsAwaiting = seeds.Where(a => a != _self.Address).ToHashSet();
        _seedDeadline = Now + (long)_settings.SeedNodeTimeout.TotalMilliseconds;
        if (_firstSeed && _seedsAwaiting.Count == 0)
        {
            JoinContact(_self.Address);
            return;
        }
        if (_settings.ShutdownAfterUnsuccessfulJoinSeedNodes is { } giveUp && !Timers.IsTimerActive("join-give-up"))
            Timers.StartSingleTimer("join-give-up", ClusterCommand.JoinGiveUpTick.Instance, giveUp);
        Timers.StartPeriodicTimer("seed", ClusterCommand.SeedTick.Instance, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private void SeedTick()
    {
        if (_initialized || _contact is not null)
        {
            Timers.Cancel("seed");
            return;
        }
        if (_firstSeed && Now >= _seedDeadline)
        {
            Log.LogInformation("No other seed answered within seed-node-timeout; {Node} forms a new cluster", _self);
            JoinContact(_self.Address);
            return;
        }
        if (++_seedAttempts == 5 && !_firstSeed)
            Log.LogWarning("Still no answer from the seed nodes [{Seeds}]; is the first seed running? (retrying)", string.Join(", ", _seeds));
        var targets = _firstSeed ? _seedsAwaiting : _seeds.Where(a => a != _self.Address);
        foreach (var seed in targets) DaemonAt(seed).Tell(new InitJoin(_self.Address.ToString()), Self);
    }

    private void OnInitJoinAck(Address from)
    {
        if (_initialized || _contact is not null || _seeds.IsEmpty) return;
        Timers.Cancel("seed");
        JoinContact(from);
    }

    private void OnInitJoinNack(Address from)
    {
        if (!_firstSeed || _initialized || _contact is not null) return;
        _seedsAwaiting.Remove(from);
        if (_seedsAwaiting.Count == 0)
        {
            Log.LogInformation("Every other seed is uninitialized; {Node} forms a new cluster", _self);
            JoinContact(_self.Address);
        }
    }

    private void ReceiveInitJoin(InitJoin msg)
    {
        var member = _state.SelfMember;
        var available = _initialized && !_shuttingDown && member?.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining;
        Sender.Tell(available ? new InitJoinAck(_self.Address.ToString()) : new InitJoinNack(_self.Address.ToString()), Self);
    }

    /// <summary>Joins through <paramref name="contact"/>; this node's own address forms a new cluster.</summary>
    private void JoinContact(Address contact)
    {
        if (_initialized)
        {
            Log.LogInformation("Ignoring join to {Contact}: {Node} is already a member", contact, _self);
            return;
        }
        Timers.Cancel("seed");
        if (contact == _self.Address)
        {
            _initialized = true;
            _contact = null;
            Timers.Cancel("join-retry");
            Timers.Cancel("join-give-up");
            var me = Member.Create(_self, _settings.Roles, _settings.AppVersion);
            UpdateGossip(GossipState.Empty.Update(me).Increment(_self).OnlySeen(_self));
            return;
        }
        _contact = contact;
        _joinDeadline = Now + (long)_settings.RetryUnsuccessfulJoinAfter.TotalMilliseconds;
        SendJoin();
        Timers.StartPeriodicTimer("join-retry", ClusterCommand.JoinRetryTick.Instance, TimeSpan.FromSeconds(1));
    }

    private void SendJoin() =>
        DaemonAt(_contact!).Tell(new JoinRequest(ClusterWire.ToWire(_self), [.. _settings.Roles], _settings.AppVersion), Self);

    private void JoinRetryTick()
    {
        if (_initialized || _contact is null)
        {
            Timers.Cancel("join-retry");
            return;
        }
        if (Now < _joinDeadline)
        {
            SendJoin(); // idempotent at the contact; covers a contact still removing our previous incarnation
            return;
        }
        Log.LogWarning("No welcome from {Contact} within retry-unsuccessful-join-after; starting the join again", _contact);
        Timers.Cancel("join-retry");
        var contact = _contact;
        _contact = null;
        if (!_seeds.IsEmpty) StartSeedProcess(_seeds);
        else JoinContact(contact);
    }

    private void JoinGiveUp()
    {
        if (_initialized) return;
        Log.LogError("Could not join the seed nodes [{Seeds}] within shutdown-after-unsuccessful-join-seed-nodes; shutting down", string.Join(", ", _seeds));
        BeginShutdown(runCoordinatedShutdown: true);
    }

    private void ReceiveWelcome(Welcome welcome)
    {
        if (_initialized || _contact is null) return;
        GossipState gossip;
        try
        {
            gossip = ClusterWire.FromWire(welcome.Gossip);
        }
        catch (FormatException e)
        {
            Log.LogWarning("Ignoring a malformed welcome from {From}: {Reason}", welcome.From.Address, e.Message);
            return;
        }
        if (!gossip.HasMember(_self)) return;
        _initialized = true;
        Timers.Cancel("join-retry");
        Timers.Cancel("join-give-up");
        var from = ClusterWire.FromWire(welcome.From);
        Log.LogInformation("Welcome from {From}: {Node} is joining", from, _self);
        UpdateGossip(gossip.MarkSeen(_self));
        SendGossipTo(from);
    }

    /// <summary>Contact side: admits a joiner as Joining and welcomes it; a stale incarnation at its address is downed first.</summary>
    private void ReceiveJoinRequest(JoinRequest join)
    {
        if (!_initialized || _shuttingDown || _state.SelfMember?.Status is not (MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)) return;
        var node = ClusterWire.FromWire(join.Node);
        var gossip = _state.Gossip;
        if (gossip.Tombstones.ContainsKey(node))
        {
            Log.LogWarning("Refusing join of {Node}: that incarnation was removed; it must restart to join again", node);
            return;
        }
        var existing = gossip.Members.FirstOrDefault(m => m.Address == node.Address);
        if (existing is not null && !existing.UniqueAddress.Equals(node))
        {
            if (existing.Status is not MemberStatus.Down)
            {
                Log.LogInformation("{Node} restarted as a new incarnation; downing the old one {Old}", node, existing.UniqueAddress);
                gossip = gossip.Update(existing.WithStatus(MemberStatus.Down)) with { Reachability = gossip.Reachability.Terminated(_self, existing.UniqueAddress) };
                UpdateGossip(gossip.Increment(_self).OnlySeen(_self));
            }
            return; // the joiner retries; it is admitted once the old incarnation is removed
        }
        if (existing is null)
        {
            Log.LogInformation("{Node} is joining (roles: [{Roles}])", node, string.Join(",", join.Roles));
            var member = Member.Create(node, join.Roles, join.AppVersion);
            UpdateGossip(gossip.Update(member).Increment(_self).OnlySeen(_self));
        }
        Sender.Tell(new Welcome(ClusterWire.ToWire(_self), ClusterWire.ToWire(_state.Gossip)), Self);
    }
}
