using Kane.Configuration;

namespace Kane.Runtime.Tests.Configuration;

/// <summary>Shorthands: parse with a fixed origin and an empty environment so tests never see the machine's variables.</summary>
internal static class HoconTest
{
    public const string Origin = "test.conf";

    public static Config Parse(string text, Func<string, string?>? environment = null) =>
        ConfigurationFactory.ParseString(text, Origin, environment ?? (_ => null));

    public static string Json(string text, Func<string, string?>? environment = null) => Parse(text, environment).ToJson(indented: false);

    public static ConfigurationException Error(string text, Func<string, string?>? environment = null) =>
        Assert.Throws<ConfigurationException>(() => Parse(text, environment));
}
