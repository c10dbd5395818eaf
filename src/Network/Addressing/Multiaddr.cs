using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Addressing;

/// <summary>
/// A self-describing network address, e.g. <c>/ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…</c>
/// (specs/network/02-multiaddr.md). Immutable with value semantics: two multiaddrs are equal when
/// their binary forms are equal. Every instance has passed validation and the limits in
/// <see cref="MultiaddrLimits"/>.
/// </summary>
public sealed partial class Multiaddr : IEquatable<Multiaddr>
{
    private readonly byte[] _bytes;
    private readonly MultiaddrComponent[] _components;
    private string? _text;

    private Multiaddr(byte[] bytes, MultiaddrComponent[] components)
    {
        _bytes = bytes;
        _components = components;
    }

    /// <summary>The multiaddr with no components (text "/", zero bytes).</summary>
    public static Multiaddr Empty { get; } = new([], []);

    /// <summary>The components in order, outermost (network) first.</summary>
    public IReadOnlyList<MultiaddrComponent> Components => _components;

    /// <summary>The binary form, without copying.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>True when there are no components.</summary>
    public bool IsEmpty => _components.Length == 0;

    public static bool operator ==(Multiaddr? left, Multiaddr? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Multiaddr? left, Multiaddr? right) => !(left == right);

    /// <summary>
    /// The multiaddr of an IP endpoint: <c>/ip4/a.b.c.d/tcp/port</c> or <c>/ip6/…/tcp/port</c>.
    /// An IPv4-mapped IPv6 address becomes ip4; a scope id is dropped.
    /// </summary>
    public static Multiaddr FromIPEndPoint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var ip4 = address.AddressFamily == AddressFamily.InterNetwork;
        var writer = new ArrayBufferWriter<byte>(24);
        Varint.Write(writer, (ulong)(ip4 ? MultiaddrProtocol.Ip4 : MultiaddrProtocol.Ip6));
        var span = writer.GetSpan(16);
        address.TryWriteBytes(span, out var written);
        writer.Advance(written);
        Varint.Write(writer, MultiaddrProtocol.Tcp);
        BinaryPrimitives.WriteUInt16BigEndian(writer.GetSpan(2), (ushort)endPoint.Port);
        writer.Advance(2);
        return FromBytes(writer.WrittenSpan);
    }

    /// <summary>
    /// The IP endpoint of a multiaddr that starts with <c>/ip4</c> or <c>/ip6</c> followed by
    /// <c>/tcp</c>; later components (such as <c>/p2p</c>) are ignored.
    /// </summary>
    public bool TryGetIPEndPoint(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (_components.Length < 2 || _components[1].Code != MultiaddrProtocol.Tcp
            || _components[0].Code is not (MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6))
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(_components[1].Value.Span);
        endPoint = new IPEndPoint(new IPAddress(_components[0].Value.Span), port);
        return true;
    }

    /// <summary>A copy of the binary form.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>Writes the binary form to <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_bytes);
    }

    /// <summary>True when some component has protocol <paramref name="code"/>.</summary>
    public bool Contains(int code)
    {
        foreach (var component in _components)
        {
            if (component.Code == code)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>This multiaddr followed by <paramref name="inner"/>.</summary>
    /// <exception cref="MultiaddrException">The result would exceed a limit.</exception>
    public Multiaddr Encapsulate(Multiaddr inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return inner;
        }

        CheckLimits(_bytes.Length + inner._bytes.Length, _components.Length + inner._components.Length);
        var bytes = new byte[_bytes.Length + inner._bytes.Length];
        _bytes.CopyTo(bytes, 0);
        inner._bytes.CopyTo(bytes, _bytes.Length);
        return FromValidatedBytes(bytes);
    }

    /// <summary>
    /// Everything before the last occurrence of <paramref name="suffix"/>'s components; this
    /// multiaddr itself when they do not occur.
    /// </summary>
    public Multiaddr Decapsulate(Multiaddr suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        var n = suffix._components.Length;
        if (n == 0)
        {
            return this;
        }

        for (var start = _components.Length - n; start >= 0; start--)
        {
            if (_components.AsSpan(start, n).SequenceEqual(suffix._components))
            {
                return Take(start);
            }
        }

        return this;
    }

    /// <summary>
    /// Everything before the last component with protocol <paramref name="code"/>; this multiaddr
    /// itself when there is none.
    /// </summary>
    public Multiaddr Decapsulate(int code)
    {
        var index = LastIndexOf(code);
        return index < 0 ? this : Take(index);
    }

    /// <summary>The peer id multihash of the last <c>/p2p</c> component, or null.</summary>
    public byte[]? GetPeerIdBytes() => TryGetPeerIdBytes(out var bytes) ? bytes : null;

    /// <summary>The peer id multihash of the last <c>/p2p</c> component.</summary>
    public bool TryGetPeerIdBytes(out byte[] multihash)
    {
        var index = LastIndexOf(MultiaddrProtocol.P2p);
        multihash = index < 0 ? [] : _components[index].Value.ToArray();
        return index >= 0;
    }

    /// <summary>This multiaddr without a trailing <c>/p2p</c>, then <c>/p2p/</c><paramref name="multihash"/>.</summary>
    /// <exception cref="MultiaddrException"><paramref name="multihash"/> is not a valid multihash, or a limit is exceeded.</exception>
    public Multiaddr WithP2p(byte[] multihash)
    {
        ArgumentNullException.ThrowIfNull(multihash);
        var writer = new ArrayBufferWriter<byte>(multihash.Length + 4);
        Varint.Write(writer, MultiaddrProtocol.P2p);
        Varint.Write(writer, (ulong)multihash.Length);
        writer.Write(multihash);
        return WithoutP2p().Encapsulate(FromBytes(writer.WrittenSpan));
    }

    /// <summary>This multiaddr without its last component when that is <c>/p2p</c>.</summary>
    public Multiaddr WithoutP2p() =>
        _components.Length > 0 && _components[^1].Code == MultiaddrProtocol.P2p ? Take(_components.Length - 1) : this;

    /// <inheritdoc />
    public bool Equals(Multiaddr? other) =>
        other is not null && (ReferenceEquals(this, other) || _bytes.AsSpan().SequenceEqual(other._bytes));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Multiaddr);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The text form, e.g. <c>/ip4/127.0.0.1/tcp/4001</c>; "/" when empty.</summary>
    public override string ToString() => _text ??= Format();

    private int LastIndexOf(int code)
    {
        for (var i = _components.Length - 1; i >= 0; i--)
        {
            if (_components[i].Code == code)
            {
                return i;
            }
        }

        return -1;
    }

    private Multiaddr Take(int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        var end = 0;
        for (var i = 0; i < count; i++)
        {
            end += GetEncodedSize(_components[i]);
        }

        return FromValidatedBytes(_bytes[..end]);
    }
}
