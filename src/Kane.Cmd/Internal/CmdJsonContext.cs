using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Kane.Cmd.Protocol;

namespace Kane.Cmd.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CmdRequest))]
[JsonSerializable(typeof(CmdFrame))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class CmdJsonContext : JsonSerializerContext;
