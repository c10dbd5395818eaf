namespace RustyNode.Network.Protection;

/// <summary>A budget: a refill rate and a burst (the bucket's capacity).</summary>
/// <param name="PerSecond">Tokens added per second.</param>
/// <param name="Burst">Most tokens held at once.</param>
public readonly record struct RateLimit(double PerSecond, double Burst);
