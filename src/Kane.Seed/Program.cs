using Kane.Actors.Cmd;
using Kane.Actors.Hosting;
using Kane.Cluster;
using Kane.Cluster.Cmd;
using Kane.Cluster.Sharding.Cmd;
using Kane.Cmd;
using Kane.HostProcess;

// Kane.Seed: joins the cluster (the first seed forms it) and serves membership; it hosts no agents, but reaches them
// through proxies so that `kane jobs ...` and `kane agents ...` work against a seed too. SIGTERM and Ctrl-C stop the
// host, whose coordinated shutdown leaves the cluster gracefully.
return await KaneHostProcess.RunAsync("kane-seed", args, "seed.conf", worker: false, (kane, _, _) =>
{
    kane.WithClustering();
    kane.WithKaneAgentsClient();
    kane.WithKaneCmd(palettes: cmd => cmd.RegisterPalette(ClusterCommands.Palette).RegisterPalette(ShardingCommands.Palette).RegisterKaneAgentsPalettes());
});
