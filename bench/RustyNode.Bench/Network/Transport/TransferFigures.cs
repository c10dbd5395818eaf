namespace RustyNode.Bench.Network.Transport;

/// <summary>A one-way transfer: MB/s (10^6 bytes per second) and bytes the process allocated per MB moved.</summary>
public readonly record struct TransferFigures(double MegabytesPerSecond, double AllocatedBytesPerMegabyte);
