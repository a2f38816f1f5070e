using Kane.Cluster.Sharding;

namespace Kane.Actors.Internal;

/// <summary>Jobs spread over <c>kane.agents.job-shards</c> shards by a stable hash of their id.</summary>
internal sealed class JobMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message is IJobMessage m ? m.JobId : null;
}
