using System.Text;
using System.Text.Json.Nodes;
using Kane.Actor;
using Kane.Actor.Internal;

namespace Kane.Cmd.Palettes;

/// <summary>A snapshot of part of the actor tree; <see cref="HiddenChildren"/> counts children cut by the depth or size limit.</summary>
internal sealed record HierarchyNode(ActorPath Path, List<HierarchyNode> Children, int HiddenChildren);

/// <summary>Walks the live tree from a start actor, read-only, and renders it as text or JSON.</summary>
internal static class ActorHierarchy
{
    /// <summary>The most actors one reply lists; a larger tree is cut, and says so.</summary>
    public const int MaxActors = 10_000;

    /// <summary>The actor at <paramref name="path"/> (<c>/user/a</c>, <c>user/a</c> or with the address), or null.</summary>
    public static LocalActorRef? Find(ActorSystem system, string path)
    {
        var impl = (ActorSystemImpl)system;
        var text = path.Trim();
        var address = system.Address.ToString();
        if (text.StartsWith(address, StringComparison.Ordinal)) text = text[address.Length..];
        var current = impl.RootGuardian;
        foreach (var name in text.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Cell.GetChildByName(name);
            if (current is null) return null;
        }
        return current;
    }

    /// <summary>The tree under <paramref name="start"/>, <paramref name="depth"/> levels deep (0: all), at most <paramref name="maxActors"/> actors.</summary>
    public static (HierarchyNode Root, int Actors) Walk(LocalActorRef start, int depth, int maxActors = MaxActors)
    {
        var count = 1;
        HierarchyNode Visit(LocalActorRef actor, int level)
        {
            var children = actor.Cell.ChildrenSnapshot().Where(c => !c.IsTerminated).OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToArray();
            var nodes = new List<HierarchyNode>();
            var hidden = 0;
            foreach (var child in children)
            {
                if ((depth > 0 && level >= depth) || count >= maxActors)
                {
                    hidden++;
                    continue;
                }
                count++;
                nodes.Add(Visit(child, level + 1));
            }
            return new HierarchyNode(actor.Path, nodes, hidden);
        }
        var root = Visit(start, 0);
        return (root, count);
    }

    /// <summary>One line per actor, drawn as a tree under the start's full path.</summary>
    public static IEnumerable<string> Render(HierarchyNode root)
    {
        var lines = new List<string> { root.Path.ToString() + Hidden(root) };
        void Children(HierarchyNode node, string indent)
        {
            for (var i = 0; i < node.Children.Count; i++)
            {
                var child = node.Children[i];
                var last = i == node.Children.Count - 1;
                lines.Add(new StringBuilder(indent).Append(last ? "└── " : "├── ").Append(child.Path.Name).Append(Hidden(child)).ToString());
                Children(child, indent + (last ? "    " : "│   "));
            }
        }
        Children(root, "");
        return lines;
    }

    /// <summary><c>{"path", "name", "hiddenChildren", "children": [...]}</c>, recursively.</summary>
    public static JsonObject ToJson(HierarchyNode node) => new()
    {
        ["path"] = node.Path.ToString(),
        ["name"] = node.Path.Name,
        ["hiddenChildren"] = node.HiddenChildren,
        ["children"] = new JsonArray([.. node.Children.Select(c => (JsonNode)ToJson(c))]),
    };

    private static string Hidden(HierarchyNode node) => node.HiddenChildren == 0 ? "" : $"  (+{node.HiddenChildren} not shown)";
}
