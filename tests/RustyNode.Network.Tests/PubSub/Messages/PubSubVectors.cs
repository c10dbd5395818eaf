namespace RustyNode.Network.Tests.PubSub.Messages;

/// <summary>
/// Golden vectors produced by js-libp2p's own encoder (@chainsafe/libp2p-gossipsub 14.1.2,
/// <c>RPC.encode</c>, <c>RPC.Message.encode</c>, <c>msgIdFnStrictSign</c>) with the key of seed 1
/// (ID-2.5): a message on topic "test" with data "hello" and seqno 01..08 signed by js, and an RPC
/// carrying two subscription changes, that message and one control entry of each kind.
/// </summary>
internal static class PubSubVectors
{
    /// <summary>The author's key protobuf (Ed25519, seed 1).</summary>
    public const string KeyProtobuf = "08011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc";

    /// <summary>The signed message.</summary>
    public const string SignedMessage =
        "0a26002408011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc120568656c6c6f1a080102030405060708"
        + "2204746573742a40d75e753f12fd3a0ad15e561234f40be58b85567ee68c280e21b5ba2bb4c8a6182adb47262ccd897cfdfde6bfdbad0989"
        + "15528ee8565f117ec683dde51d6cd405";

    /// <summary>js-libp2p's message id of <see cref="SignedMessage"/>.</summary>
    public const string SignedMessageId = KeyProtobuf + "0102030405060708";

    /// <summary>
    /// RPC: subscribe "foo", unsubscribe "bar", <see cref="SignedMessage"/>, IHAVE foo [0102, 03],
    /// IWANT [040506], GRAFT foo, PRUNE bar (peer seed 1 with record 0909, backoff 60), IDONTWANT [07].
    /// </summary>
    public const string Rpc =
        "0a0708011203666f6f0a07080012036261721281010a26002408011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df0"
        + "65d683bd4fc120568656c6c6f1a0801020304050607082204746573742a40d75e753f12fd3a0ad15e561234f40be58b85567ee68c280e21b5"
        + "ba2bb4c8a6182adb47262ccd897cfdfde6bfdbad098915528ee8565f117ec683dde51d6cd4051a580a0c0a03666f6f120201021201031205"
        + "0a030405061a050a03666f6f22350a03626172122c0a26002408011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df06"
        + "5d683bd4fc12020909183c2a030a0107";
}
