using System.Text;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Discovery.Resources;

/// <summary>
/// The DHT keys of the resource API (RES-1): record keys under <c>/rusty/</c> and provider keys
/// that are sha2-256 multihashes of a <c>/rusty/</c> name.
/// </summary>
public static class ResourceKeys
{
    /// <summary>The namespace of our records.</summary>
    public const string Namespace = "rusty";

    /// <summary>The record of one resource: <c>/rusty/res/&lt;type&gt;/&lt;id&gt;</c>.</summary>
    public static byte[] Resource(string type, string id) => Encoding.UTF8.GetBytes($"/rusty/res/{CheckType(type)}/{CheckId(id, nameof(id))}");

    /// <summary>A publisher's index of its resources of a type: <c>/rusty/idx/&lt;type&gt;/&lt;peer id&gt;</c>.</summary>
    public static byte[] Index(string type, PeerId publisher)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        return Encoding.UTF8.GetBytes($"/rusty/idx/{CheckType(type)}/{publisher}");
    }

    /// <summary>Provider key of the peers that announced resources of a type.</summary>
    public static byte[] TypeProviders(string type) => ProviderKey($"/rusty/type/{CheckType(type)}");

    /// <summary>Provider key of the peers that announced a capability.</summary>
    public static byte[] Capability(string capability) => ProviderKey($"/rusty/cap/{CheckId(capability, nameof(capability))}");

    /// <summary>Provider key of the peers that provide a topic.</summary>
    public static byte[] Topic(string topic) => ProviderKey($"/rusty/topic/{CheckId(topic, nameof(topic))}");

    /// <summary>
    /// A type is 1 to 64 bytes of lowercase letters, digits, '.', '_' and '-' starting with a
    /// letter or digit (RES-1.2).
    /// </summary>
    public static bool IsValidType(string? type) =>
        type is { Length: > 0 and <= ResourceLimits.MaxTypeLength }
        && (char.IsAsciiLetterLower(type[0]) || char.IsAsciiDigit(type[0]))
        && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    /// <summary>An id, capability or topic is 1 to 200 UTF-8 bytes without '/' or control characters (RES-1.2).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 } && Encoding.UTF8.GetByteCount(id) <= ResourceLimits.MaxIdLength && !id.Any(c => c == '/' || char.IsControl(c));

    private static byte[] ProviderKey(string name) => Multihash.Sha256(Encoding.UTF8.GetBytes(name));

    private static string CheckType(string type) =>
        IsValidType(type) ? type : throw new ArgumentException($"'{type}' is not a resource type (1-64 of a-z, 0-9, '.', '_', '-').", nameof(type));

    private static string CheckId(string id, string name) =>
        IsValidId(id) ? id : throw new ArgumentException($"'{id}' is not valid (1-200 bytes, no '/' or control characters).", name);
}
