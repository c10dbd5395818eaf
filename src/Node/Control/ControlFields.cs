using System.Text.Json.Nodes;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Node.Control;

/// <summary>Reads the typed fields of a command, with the error message CTL-2 asks for when one is missing or malformed.</summary>
public static class ControlFields
{
    /// <summary>A non-empty string field.</summary>
    public static string RequiredString(JsonObject command, string field)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new ControlException($"Field \"{field}\" (a string) is required.");
    }

    /// <summary>A string field that may be absent (null then).</summary>
    public static string? OptionalString(JsonObject command, string field)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => throw new ControlException($"Field \"{field}\" must be a string."),
        };
    }

    /// <summary>A non-negative integer field.</summary>
    public static long RequiredLong(JsonObject command, string field)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command[field] is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0
            ? number
            : throw new ControlException($"Field \"{field}\" (a non-negative integer) is required.");
    }

    /// <summary>A non-negative integer field that may be absent (<paramref name="fallback"/> then).</summary>
    public static long OptionalLong(JsonObject command, string field, long fallback)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command[field] is null ? fallback : RequiredLong(command, field);
    }

    /// <summary>A boolean field that may be absent (<paramref name="fallback"/> then).</summary>
    public static bool OptionalBool(JsonObject command, string field, bool fallback)
    {
        ArgumentNullException.ThrowIfNull(command);
        return command[field] switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
            _ => throw new ControlException($"Field \"{field}\" must be true or false."),
        };
    }

    /// <summary>A base64 field, decoded.</summary>
    public static byte[] RequiredBase64(JsonObject command, string field)
    {
        var text = command[field] is JsonValue value && value.TryGetValue<string>(out var t)
            ? t
            : throw new ControlException($"Field \"{field}\" (base64) is required.");
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ControlException($"Field \"{field}\" is not valid base64.");
        }
    }

    /// <summary>A multiaddr field.</summary>
    public static Multiaddr RequiredAddress(JsonObject command, string field)
    {
        var text = RequiredString(command, field);
        return Multiaddr.TryParse(text, out var address) ? address! : throw new ControlException($"\"{text}\" is not a valid multiaddr.");
    }

    /// <summary>A peer id field (named "peer" unless <paramref name="field"/> says otherwise).</summary>
    public static PeerId RequiredPeer(JsonObject command, string field = "peer")
    {
        var text = RequiredString(command, field);
        return PeerId.TryParse(text, out var peer) ? peer : throw new ControlException($"\"{text}\" is not a valid peer id.");
    }
}
