using System.Net;
using System.Net.Sockets;
using Kane.Actor;
using Kane.Hosting;
using Kane.Remote;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kane.Cluster.Sharding.Tests;

public sealed class ShardingHostingSpec
{
    private sealed class Hits;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task WithShardRegion_starts_the_region_and_registers_it_for_services()
    {
        var sink = new EntitySink();
        var port = FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKane("hosted", kane => kane
            .WithRemoting("127.0.0.1", port, "sharding-tests")
            .WithClustering(seedNodes: [$"kane.tcp://hosted@127.0.0.1:{port}"])
            .WithShardRegion<Hits>("hits", id => Props.Create(() => new RecordingEntity(id, sink)), new HitExtractor(),
                new ShardRegionOptions { HandOffStopMessage = StopEntity.Instance }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var region = host.Services.GetRequiredService<IRequiredActor<Hits>>().ActorRef;
            Assert.Equal("/system/sharding/hits", region.Path.ToStringWithoutAddress());
            for (var seq = 1; seq <= 3; seq++) region.Tell(new Hit("h", seq));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (sink.Total < 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Null(sink.CheckExactlyOnceInOrder(["h"], 3));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
