using Kane.Actors;
using Kane.Actors.Cmd;
using Kane.Actors.Hosting;
using Kane.Cluster;
using Kane.Cluster.Cmd;
using Kane.Cluster.Sharding.Cmd;
using Kane.Cmd;
using Kane.HostProcess;
using Kane.Node.Handlers;

// Kane.Node: a worker. It joins the cluster with the worker role (kane.agents.role) added to its roles, and runs Kane
// agents: the job and agent regions, the cluster coordinator singleton, this node's coordinator and its agents, plus
// the management endpoint with the cluster, sharding, agents, jobs and tasks palettes. SIGTERM and Ctrl-C stop the
// host, whose coordinated shutdown hands its work off and leaves the cluster gracefully.
return await KaneHostProcess.RunAsync("kane-node", args, "node.conf", worker: true, (kane, _, configuration) =>
{
    var role = configuration["kane:agents:role"] is { Length: > 0 } configured ? configured : KaneAgentsSettings.Default.Role;
    kane.WithClustering(configure: settings => settings with { Roles = settings.Roles.Add(role) });
    kane.WithKaneAgents(_ => NodeHandlers.Create());
    kane.WithKaneCmd(palettes: cmd => cmd.RegisterPalette(ClusterCommands.Palette).RegisterPalette(ShardingCommands.Palette).RegisterKaneAgentsPalettes());
});
