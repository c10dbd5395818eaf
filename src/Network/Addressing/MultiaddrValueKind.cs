namespace RustyNode.Network.Addressing;

/// <summary>How a protocol's value is laid out in the binary form.</summary>
internal enum MultiaddrValueKind
{
    /// <summary>The protocol has no value.</summary>
    None,

    /// <summary>A fixed number of bytes.</summary>
    Fixed,

    /// <summary>A varint length followed by that many bytes.</summary>
    LengthPrefixed,
}
