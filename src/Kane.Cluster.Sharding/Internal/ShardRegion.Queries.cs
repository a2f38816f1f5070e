using Kane.Actor;
using Kane.Pattern;

namespace Kane.Cluster.Sharding.Internal;

// GetShardRegionState, GetShardRegionStats, GetCurrentRegions and GetClusterShardingStats: answered from asks to the
// local shards (or the coordinator and the other regions), collected off the actor and piped to the asker.
internal sealed partial class ShardRegion
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    private void ReceiveQueries()
    {
        Receive<GetShardRegionState>(_ => ShardStates(QueryTimeout)
            .ContinueWith(t => new CurrentShardRegionState([.. t.Result.States], [.. t.Result.Failed]), TaskScheduler.Default)
            .PipeTo(Sender));
        Receive<GetShardRegionStats>(_ => ShardStates(QueryTimeout)
            .ContinueWith(t => new ShardRegionStats(t.Result.States.ToDictionary(s => s.ShardId, s => s.EntityIds.Length), [.. t.Result.Failed]), TaskScheduler.Default)
            .PipeTo(Sender));
        Receive<GetCurrentRegions>(q =>
        {
            if (_coordinator is null) Sender.Tell(new CurrentRegions([]));
            else _coordinator.Tell(q, Sender);
        });
        Receive<GetClusterShardingStats>(q => ClusterStats(_coordinator, q.Timeout).PipeTo(Sender));
    }

    private Task<(List<ShardState> States, List<string> Failed)> ShardStates(TimeSpan timeout)
    {
        var asks = _localShards.Select(kv => (Shard: kv.Key, Task: kv.Value.Ask<ShardStateReply>(new GetShardState(), timeout))).ToList();
        return Task.WhenAll(asks.Select(a => (Task)a.Task)).ContinueWith(_ =>
        {
            var states = new List<ShardState>();
            var failed = new List<string>();
            foreach (var (shard, task) in asks)
            {
                if (task.IsCompletedSuccessfully) states.Add(new ShardState(shard, task.Result.EntityIds));
                else failed.Add(shard);
            }
            return (states, failed);
        }, TaskScheduler.Default);
    }

    private async Task<ClusterShardingStats> ClusterStats(IActorRef? coordinator, TimeSpan timeout)
    {
        var result = new Dictionary<string, ShardRegionStats>(StringComparer.Ordinal);
        if (coordinator is null) return new ClusterShardingStats(result);
        var system = Context.System;
        var paths = await coordinator.Ask<RegionPaths>(new GetRegionPaths(), timeout).ConfigureAwait(false);
        var asks = paths.Paths.Select(p => ShardingWire.Resolve(system, p))
            .Select(r => (Region: r, Task: r.Ask<ShardRegionStats>(new GetShardRegionStats(), timeout))).ToList();
        try
        {
            await Task.WhenAll(asks.Select(a => a.Task)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the regions that did not answer in time are left out
        }
        foreach (var (region, task) in asks)
        {
            if (task.IsCompletedSuccessfully) result[region.Path.Address.ToString()] = task.Result;
        }
        return new ClusterShardingStats(result);
    }
}
