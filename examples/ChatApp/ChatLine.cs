using RustyNode.Network.Identity;

namespace RustyNode.Examples.ChatApp;

/// <summary>Something to show the user: a message from <paramref name="From"/>, or a peer event.</summary>
/// <param name="From">The peer the line is about.</param>
/// <param name="Text">The message text, or a description of the event.</param>
/// <param name="IsEvent">True for a peer event (connected, disconnected, ...), false for a message.</param>
public sealed record ChatLine(PeerId From, string Text, bool IsEvent);
