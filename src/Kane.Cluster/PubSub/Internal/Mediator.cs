using System.Collections.Immutable;
using Kane.Actor;
using Kane.Event;
using Kane.Remote;
using Kane.Remote.Internal;
using Microsoft.Extensions.Logging;

namespace Kane.Cluster.PubSub.Internal;

/// <summary>
/// The pub-sub mediator at <c>/system/pub-sub</c>: this node's bucket of topics and registered actors, copies of the
/// other members' buckets kept current by gossip, and delivery. Buckets of removed members are dropped.
/// </summary>
internal sealed class Mediator : ReceiveActor, IWithTimers
{
    public const string Name = "pub-sub";

    private readonly Cluster _cluster;
    private readonly DistributedPubSubSettings _settings;
    private readonly Address _self;
    private readonly RemoteCodec _codec;
    private readonly Dictionary<string, (IActorRef Forwarder, HashSet<IActorRef> Subscribers)> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, HashSet<string>> _byRef = [];
    private readonly HashSet<Address> _nodes = [];
    private ImmutableDictionary<Address, Bucket> _buckets;
    private long _lastVersion;
    private long _topicCounter;
    private int _roundRobin;

    public Mediator(Cluster cluster, DistributedPubSubSettings settings)
    {
        _cluster = cluster;
        _settings = settings;
        _self = cluster.SelfAddress;
        _codec = Context.System.Transport().Codec;
        _buckets = ImmutableDictionary<Address, Bucket>.Empty.Add(_self, Bucket.Empty(_self));

        Receive<Subscribe>(OnSubscribe);
        Receive<Unsubscribe>(u =>
        {
            RemoveSubscriber(u.Topic, u.Ref);
            Sender.Tell(new UnsubscribeAck(u), Self);
        });
        Receive<Put>(OnPut);
        Receive<Remove>(r => RemoveEntry(r.Path));
        Receive<Publish>(p => Deliver(Registry.Lookup(_buckets, Registry.TopicKey(p.Topic), _self), p.Message, $"no subscribers to topic '{p.Topic}'"));
        Receive<Send>(OnSend);
        Receive<SendToAll>(s => Deliver(Registry.Lookup(_buckets, s.Path, _self).Where(r => !s.ExcludeSelf || r.Path.Address != _self).ToList(), s.Message,
            $"nothing registered at '{s.Path}'"));
        Receive<GetTopics>(_ => Sender.Tell(new CurrentTopics(_buckets.Values.SelectMany(b => b.Content)
            .Where(e => e.Value.Ref is not null && e.Key.StartsWith(Registry.TopicPrefix, StringComparison.Ordinal))
            .Select(e => e.Key[Registry.TopicPrefix.Length..]).ToImmutableHashSet()), Self));
        Receive<CountEntries>(c => Sender.Tell(Registry.Lookup(_buckets, c.Key, _self).Count, Self));
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<CurrentClusterState>(s =>
        {
            _nodes.Clear();
            foreach (var m in s.Members) _nodes.Add(m.Address);
        });
        Receive<MemberEvent>(OnMemberEvent);
        Receive<GossipTick>(_ => Gossip());
        Receive<PubSubStatus>(OnStatus);
        Receive<PubSubDelta>(OnDelta);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, InitialStateMode.AsSnapshot, typeof(MemberEvent));
        Timers.StartPeriodicTimer("gossip", GossipTick.Instance, _settings.GossipInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnSubscribe(Subscribe s)
    {
        if (!_topics.TryGetValue(s.Topic, out var topic))
        {
            var forwarder = Context.ActorOf(Props.Create(() => new TopicForwarder()), "topic-" + ++_topicCounter);
            topic = (forwarder, []);
            _topics[s.Topic] = topic;
            PutEntry(Registry.TopicKey(s.Topic), forwarder);
        }
        if (topic.Subscribers.Add(s.Ref))
        {
            Track(s.Ref, Registry.TopicKey(s.Topic));
            topic.Forwarder.Tell(new TopicForwarder.SetSubscribers([.. topic.Subscribers]), Self);
        }
        Sender.Tell(new SubscribeAck(s), Self);
    }

    private void RemoveSubscriber(string topicName, IActorRef subscriber)
    {
        if (!_topics.TryGetValue(topicName, out var topic) || !topic.Subscribers.Remove(subscriber)) return;
        Untrack(subscriber, Registry.TopicKey(topicName));
        if (topic.Subscribers.Count > 0)
        {
            topic.Forwarder.Tell(new TopicForwarder.SetSubscribers([.. topic.Subscribers]), Self);
            return;
        }
        _topics.Remove(topicName);
        RemoveEntry(Registry.TopicKey(topicName));
        Context.Stop(topic.Forwarder);
    }

    private void OnPut(Put put)
    {
        if (put.Ref.Path.Address != _self)
        {
            Log.LogWarning("Pub-sub Put of {Ref} ignored: only actors of this node ({Self}) can be registered here", put.Ref.Path, _self);
            return;
        }
        var key = put.Ref.Path.ToStringWithoutAddress();
        PutEntry(key, put.Ref);
        Track(put.Ref, key);
    }

    private void OnSend(Send send)
    {
        var refs = Registry.Lookup(_buckets, send.Path, _self);
        if (refs.Count == 0)
        {
            Deliver(refs, send.Message, $"nothing registered at '{send.Path}'");
            return;
        }
        var target = send.LocalAffinity && refs[0].Path.Address == _self ? refs[0]
            : _settings.RoutingLogic == PubSubRoutingLogic.RoundRobin ? refs[(int)((uint)_roundRobin++ % (uint)refs.Count)]
            : refs[Random.Shared.Next(refs.Count)];
        target.Tell(send.Message, Sender);
    }

    private void Deliver(List<IActorRef> refs, object message, string whyNot)
    {
        if (refs.Count == 0)
        {
            Context.System.DeadLetters.Tell(new DeadLetter(message, Sender, Self) { Reason = whyNot }, Sender);
            return;
        }
        foreach (var r in refs) r.Tell(message, Sender);
    }

    private void OnTerminated(IActorRef actor)
    {
        if (!_byRef.TryGetValue(actor, out var keys)) return;
        foreach (var key in keys.ToList())
        {
            if (key.StartsWith(Registry.TopicPrefix, StringComparison.Ordinal)) RemoveSubscriber(key[Registry.TopicPrefix.Length..], actor);
            else
            {
                Untrack(actor, key);
                if (_buckets[_self].Content.TryGetValue(key, out var h) && actor.Equals(h.Ref)) RemoveEntry(key);
            }
        }
    }

    private void Track(IActorRef actor, string key)
    {
        if (!_byRef.TryGetValue(actor, out var keys))
        {
            _byRef[actor] = keys = new HashSet<string>(StringComparer.Ordinal);
            Context.Watch(actor);
        }
        keys.Add(key);
    }

    private void Untrack(IActorRef actor, string key)
    {
        if (!_byRef.TryGetValue(actor, out var keys)) return;
        keys.Remove(key);
        if (keys.Count > 0) return;
        _byRef.Remove(actor);
        Context.Unwatch(actor);
    }

    private void PutEntry(string key, IActorRef? actor)
    {
        var own = _buckets[_self];
        var version = NextVersion();
        _buckets = _buckets.SetItem(_self, own with { Version = version, Content = own.Content.SetItem(key, new ValueHolder(version, actor)) });
    }

    private void RemoveEntry(string key)
    {
        if (_buckets[_self].Content.TryGetValue(key, out var h) && h.Ref is not null) PutEntry(key, null);
    }

    private long NextVersion() => _lastVersion = Math.Max(_lastVersion + 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private void OnMemberEvent(MemberEvent e)
    {
        if (e is not MemberRemoved)
        {
            _nodes.Add(e.Member.Address);
            return;
        }
        if (e.Member.Address == _self) return;
        // Another incarnation at the same address may be a member already; its bucket comes back with the gossip.
        _nodes.Remove(e.Member.Address);
        if (_buckets.ContainsKey(e.Member.Address))
        {
            Log.LogInformation("Pub-sub registry of removed member {Node} dropped", e.Member.Address);
            _buckets = _buckets.Remove(e.Member.Address);
        }
    }

    private void Gossip()
    {
        _buckets = Registry.Prune(_buckets, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), (long)_settings.RemovedTimeToLive.TotalMilliseconds);
        var others = _nodes.Where(n => n != _self).ToList();
        if (others.Count == 0) return;
        MediatorAt(others[Random.Shared.Next(others.Count)]).Tell(StatusMessage(isReply: false), Self);
    }

    private PubSubStatus StatusMessage(bool isReply) =>
        new([.. _buckets.Values.Select(b => new WireVersion(b.Owner.ToString(), b.Version))], isReply);

    private void OnStatus(PubSubStatus status)
    {
        if (!_nodes.Contains(Sender.Path.Address)) return;
        var theirs = new Dictionary<Address, long>();
        foreach (var v in status.Versions)
            if (Address.TryParse(v.Owner, out var owner, out _)) theirs[owner] = v.Version;
        var delta = Registry.Delta(_buckets, theirs, _settings.MaxDeltaElements);
        if (delta.Count > 0) Sender.Tell(new PubSubDelta([.. delta.Select(ToWire)]), Self);
        var theyHaveNewer = theirs.Any(t => t.Value > (_buckets.GetValueOrDefault(t.Key)?.Version ?? 0) && t.Key != _self && _nodes.Contains(t.Key));
        if (theyHaveNewer && !status.IsReplyToStatus) Sender.Tell(StatusMessage(isReply: true), Self);
    }

    private void OnDelta(PubSubDelta delta)
    {
        if (!_nodes.Contains(Sender.Path.Address)) return;
        var buckets = new List<Bucket>();
        foreach (var b in delta.Buckets)
        {
            if (!Address.TryParse(b.Owner, out var owner, out _)) continue;
            var content = ImmutableDictionary.CreateBuilder<string, ValueHolder>(StringComparer.Ordinal);
            foreach (var e in b.Content)
                content[e.Key] = new ValueHolder(e.Version, e.Ref is null ? null : _codec.ResolveRef(e.Ref));
            buckets.Add(new Bucket(owner, b.Version, content.ToImmutable()));
        }
        _buckets = Registry.Merge(_buckets, buckets, _self, _nodes.Contains);
    }

    private WireBucket ToWire(Bucket b) =>
        new(b.Owner.ToString(), b.Version, [.. b.Content.Select(e => new WireEntry(e.Key, e.Value.Version, e.Value.Ref is null ? null : _codec.SerializeRef(e.Value.Ref)))]);

    private IActorRef MediatorAt(Address address) =>
        ((Kane.Actor.Internal.ActorSystemImpl)Context.System).ResolveActorRef(ActorPath.Root(address) / "system" / Name);

    private sealed class GossipTick
    {
        public static readonly GossipTick Instance = new();
    }
}

/// <summary>How many live registrations under a key this mediator knows (tests await replication with it).</summary>
internal sealed record CountEntries(string Key);
