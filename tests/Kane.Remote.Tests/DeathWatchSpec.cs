using Kane.Actor;
using Kane.Event;
using Kane.TestKit;

namespace Kane.Remote.Tests;

public sealed class DeathWatchSpec : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RemoteSystems _systems = new();

    public void Dispose() => _systems.Dispose();

    [Fact]
    public async Task A_watcher_gets_Terminated_when_the_remote_actor_stops()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        var victim = b.ActorOf(Props.Create(() => new Echo()), "victim");
        var remote = await a.ActorSelection($"{b.Address}/user/victim").ResolveOne(Wait);
        var watcher = new TestProbe(a);
        watcher.Watch(remote);
        // The watch is a reliable system message: once the actor answers, the watch has arrived before the answer.
        remote.Tell("sync", watcher.Ref);
        watcher.ExpectMsg("sync", Wait);
        b.Stop(victim);
        var terminated = watcher.ExpectTerminated(remote, Wait);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
    }

    [Fact]
    public async Task Watching_a_remote_path_where_no_actor_lives_gives_Terminated_at_once()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        var victim = b.ActorOf(Props.Create(() => new Echo()), "short-lived");
        var remote = await a.ActorSelection($"{b.Address}/user/short-lived").ResolveOne(Wait);
        var watcher = new TestProbe(b);
        watcher.Watch(victim);
        b.Stop(victim);
        watcher.ExpectTerminated(victim, Wait);
        var remoteWatcher = new TestProbe(a);
        remoteWatcher.Watch(remote);
        Assert.False(remoteWatcher.ExpectTerminated(remote, Wait).ExistenceConfirmed);
    }

    [Fact]
    public async Task A_crashed_peer_is_declared_dead_by_the_heartbeat_and_watchers_get_Terminated_with_address_terminated()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta");
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var remote = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        var watcher = new TestProbe(a);
        watcher.Watch(remote);
        remote.Tell("sync", watcher.Ref);
        watcher.ExpectMsg("sync", Wait);
        b.Transport().Abort(); // sockets gone at once, nothing said: as a crash looks from outside
        var terminated = watcher.ExpectTerminated(remote, Wait);
        Assert.True(terminated.AddressTerminated);
        Assert.True(a.Transport().Quarantine.IsQuarantined(b.Address, b.Transport().Uid, Environment.TickCount64));
    }

    [Fact]
    public async Task A_restarted_peer_with_a_new_uid_is_accepted_while_its_old_incarnation_stays_quarantined()
    {
        var a = _systems.Start("alpha");
        var b1 = _systems.Start("beta");
        var port = b1.Address.Port!.Value;
        var oldUid = b1.Transport().Uid;
        b1.ActorOf(Props.Create(() => new Echo()), "echo");
        var remote = await a.ActorSelection($"{b1.Address}/user/echo").ResolveOne(Wait);
        var watcher = new TestProbe(a);
        watcher.Watch(remote);
        remote.Tell("sync", watcher.Ref);
        watcher.ExpectMsg("sync", Wait);
        b1.Transport().Abort();
        await b1.Terminate();
        Assert.True(watcher.ExpectTerminated(remote, Wait).AddressTerminated);

        // The restart: same name and port, new uid. A accepts it.
        var b2 = _systems.Start("beta", RemoteSystems.Settings(port: port));
        Assert.NotEqual(oldUid, b2.Transport().Uid);
        b2.ActorOf(Props.Create(() => new Echo()), "echo");
        var probe = new TestProbe(a);
        Assert.NotNull(await ResolveEventually(a, $"{b2.Address}/user/echo"));
        a.ActorSelection($"{b2.Address}/user/echo").Tell("to the new one", probe.Ref);
        probe.ExpectMsg("to the new one", Wait);
        b2.Transport().Abort();
        await b2.Terminate();

        // An impostor of the old incarnation (same address, old uid) is refused by A and told so.
        var b3 = _systems.Start("beta", RemoteSystems.Settings(port: port) with { UidOverride = oldUid });
        var eventsB3 = RemoteSystems.Events(b3);
        var probeA = new TestProbe(a);
        a.ActorOf(Props.Create(() => new Forwarder(probeA.Ref)), "inbox");
        b3.ActorSelection($"{a.Address}/user/inbox").Tell("from the old incarnation");
        eventsB3.FishForMessage(m => m is LogEvent { Message: var t } && t.Contains("quarantined"), Wait);
        probeA.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Resolves, retrying while the address may still be gated from the previous incarnation.</summary>
    private static async Task<IActorRef> ResolveEventually(ActorSystem system, string path)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            try
            {
                return await system.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(1));
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
