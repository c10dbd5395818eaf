namespace RustyNode.Network.Addressing;

/// <summary>
/// One protocol of a multiaddr: its code and its value in binary form (empty for protocols
/// without a value). Values are slices of the owning <see cref="Multiaddr"/>'s bytes, which never
/// change.
/// </summary>
public readonly struct MultiaddrComponent : IEquatable<MultiaddrComponent>
{
    internal MultiaddrComponent(int code, ReadOnlyMemory<byte> value)
    {
        Code = code;
        Value = value;
    }

    /// <summary>The protocol code, one of <see cref="MultiaddrProtocol"/>.</summary>
    public int Code { get; }

    /// <summary>The protocol's text name, e.g. "ip4".</summary>
    public string Name => MultiaddrProtocolInfo.FromCode((ulong)Code)?.Name ?? Code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value in binary form (e.g. 4 address bytes, 2 port bytes big-endian).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>The value in text form, or the empty string for protocols without a value.</summary>
    public string ValueText => MultiaddrProtocolInfo.FromCode((ulong)Code) is { } info
        ? MultiaddrValueCodec.Format(info, Value.Span)
        : Convert.ToHexStringLower(Value.Span);

    public static bool operator ==(MultiaddrComponent left, MultiaddrComponent right) => left.Equals(right);

    public static bool operator !=(MultiaddrComponent left, MultiaddrComponent right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(MultiaddrComponent other) => Code == other.Code && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is MultiaddrComponent other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <summary>The component's text form, e.g. "/tcp/4001" or "/ws".</summary>
    public override string ToString()
    {
        var text = ValueText;
        return text.Length == 0 ? "/" + Name : "/" + Name + "/" + text;
    }
}
