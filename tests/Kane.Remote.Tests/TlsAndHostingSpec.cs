using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kane.Actor;
using Kane.Event;
using Kane.Hosting;
using Kane.Pattern;
using Kane.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kane.Remote.Tests;

public sealed class TlsAndHostingSpec : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly RemoteSystems _systems = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("kane-tls-").FullName;

    public void Dispose()
    {
        _systems.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_cross_over_TLS_with_and_without_mutual_authentication(bool mutual)
    {
        var tls = Tls(mutual);
        var a = _systems.Start("alpha", RemoteSystems.Settings() with { Tls = tls });
        var b = _systems.Start("beta", RemoteSystems.Settings() with { Tls = tls });
        b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.ActorSelection($"{b.Address}/user/echo").ResolveOne(Wait);
        Assert.Equal("secure", await echo.Ask<string>("secure", Wait));
    }

    [Fact]
    public void A_plain_peer_cannot_associate_with_a_TLS_system()
    {
        var a = _systems.Start("alpha");
        var b = _systems.Start("beta", RemoteSystems.Settings() with { Tls = Tls(mutual: false) });
        var probeB = new TestProbe(b);
        b.ActorOf(Props.Create(() => new Forwarder(probeB.Ref)), "fwd");
        var eventsB = RemoteSystems.Events(b);
        a.ActorSelection($"{b.Address}/user/fwd").Tell("plain text");
        eventsB.FishForMessage(m => m is LogEvent { Message: var t } && t.Contains("Refused association"), Wait);
        probeB.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task WithRemoting_gives_a_hosted_system_a_tcp_address_that_another_system_reaches()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKane("hosted", kane => kane
            .WithRemoting("127.0.0.1", 0, RemoteSystems.Secret, r => r with { Serialization = TestRegistry.Create() })
            .WithActors((system, _) => system.ActorOf(Props.Create(() => new Echo()), "echo")));
        using var host = builder.Build();
        await host.StartAsync();
        var hosted = host.Services.GetRequiredService<ActorSystem>();
        Assert.Equal("kane.tcp", hosted.Address.Protocol);
        var a = _systems.Start("alpha");
        var echo = await a.ActorSelection($"{hosted.Address}/user/echo").ResolveOne(Wait);
        Assert.Equal(new Greeting("hosted", 7), await echo.Ask<Greeting>(new Greeting("hosted", 7), Wait));
        await host.StopAsync();
    }

    private TlsSettings Tls(bool mutual)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kane-test", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_dir, $"cert-{mutual}.pem");
        var keyPath = Path.Combine(_dir, $"key-{mutual}.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TlsSettings
        {
            Enabled = true, CertificatePath = certPath, KeyPath = keyPath, CaCertificatePath = certPath, RequireMutualAuthentication = mutual,
        };
    }
}
