using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>
/// The parameters that differ between mainnet, testnet and regtest (CHAIN-6). Obtain them with
/// <see cref="ForNetwork"/>; the values are fixed by the spec and checked by the conformance tests.
/// </summary>
public sealed class ChainParameters
{
    private ChainParameters(string network, uint powLimitBits, TimeSpan targetSpacing, int retargetInterval, bool noRetargeting, int halvingInterval, uint genesisTime, uint genesisNonce, byte[] magic, int masternodeActivationHeight, long masternodeCollateral)
    {
        MasternodeActivationHeight = masternodeActivationHeight;
        MasternodeCollateral = masternodeCollateral;
        Network = network;
        PowLimitBits = powLimitBits;
        if (!CompactTarget.TryDecodeTarget(powLimitBits, out var powLimit))
        {
            throw new ArgumentException("The proof-of-work limit must be a valid target.", nameof(powLimitBits));
        }

        PowLimit = powLimit;
        TargetSpacing = targetSpacing;
        RetargetInterval = retargetInterval;
        NoRetargeting = noRetargeting;
        HalvingInterval = halvingInterval;
        Magic = magic;
        GenesisBlock = Genesis.Create(genesisTime, powLimitBits, genesisNonce, InitialSubsidy);
    }

    /// <summary>"mainnet", "testnet" or "regtest".</summary>
    public string Network { get; }

    /// <summary>Four bytes that tag this network (for the network layer's handshakes).</summary>
    public byte[] Magic { get; }

    /// <summary>The genesis block.</summary>
    public Block GenesisBlock { get; }

    /// <summary>The genesis block hash.</summary>
    public Hash256 GenesisHash => GenesisBlock.Hash;

    /// <summary>The easiest target allowed, compact form (also the genesis nBits).</summary>
    public uint PowLimitBits { get; }

    /// <summary>The easiest target allowed.</summary>
    public Hash256 PowLimit { get; }

    /// <summary>Intended time between blocks.</summary>
    public TimeSpan TargetSpacing { get; }

    /// <summary>Blocks between difficulty adjustments.</summary>
    public int RetargetInterval { get; }

    /// <summary>The time the blocks of one interval should take.</summary>
    public TimeSpan TargetTimespan => TargetSpacing * RetargetInterval;

    /// <summary>True on regtest: nBits never changes.</summary>
    public bool NoRetargeting { get; }

    /// <summary>Blocks between subsidy halvings.</summary>
    public int HalvingInterval { get; }

    /// <summary>Coinbase subsidy of the first interval.</summary>
    public long InitialSubsidy { get; } = 50 * Money.Coin;

    /// <summary>Confirmations before a coinbase output may be spent.</summary>
    public int CoinbaseMaturity { get; } = 100;

    /// <summary>Maximum serialized block size.</summary>
    public int MaxBlockSize { get; } = ChainLimits.MaxBlockSize;

    /// <summary>
    /// First height at which the masternode rules apply (MNL-1.1): special transactions are accepted
    /// and every coinbase commits to the masternode list.
    /// </summary>
    public int MasternodeActivationHeight { get; }

    /// <summary>The exact amount a masternode collateral output holds (MNL-2.3).</summary>
    public long MasternodeCollateral { get; }

    /// <summary>True when the masternode rules apply to a block at <paramref name="height"/>.</summary>
    public bool MasternodesActiveAt(int height) => height >= MasternodeActivationHeight;

    /// <summary>True when blocks may be produced on demand (the "generate" command).</summary>
    public bool AllowsGenerate => NoRetargeting;

    /// <summary>Mainnet: 150-second blocks, retarget every 576 blocks, halving every 840,000, masternodes from height 4,032 (one week).</summary>
    public static ChainParameters Mainnet { get; } = new("mainnet", 0x1e0fffff, TimeSpan.FromSeconds(150), 576, false, 840_000, 1_767_225_600, 3_642_602, [0x52, 0x55, 0x53, 0x54], 4_032, 1_000 * Money.Coin);

    /// <summary>Testnet: mainnet's rules with its own genesis and magic; masternodes from height 576 (one day).</summary>
    public static ChainParameters Testnet { get; } = new("testnet", 0x1e0fffff, TimeSpan.FromSeconds(150), 576, false, 840_000, 1_767_225_601, 637_428, [0x72, 0x75, 0x73, 0x74], 576, 1_000 * Money.Coin);

    /// <summary>Regtest: trivial difficulty that never changes, halving every 150 blocks, masternodes from height 10 with 0.01-coin collateral.</summary>
    public static ChainParameters Regtest { get; } = new("regtest", 0x207fffff, TimeSpan.FromSeconds(150), 576, true, 150, 1_767_225_602, 1, [0x72, 0x65, 0x67, 0x74], 10, Money.Coin / 100);

    /// <summary>The parameters of "mainnet", "testnet" or "regtest" (case-insensitive).</summary>
    public static ChainParameters ForNetwork(string network) => network?.ToUpperInvariant() switch
    {
        "MAINNET" or "MAIN" => Mainnet,
        "TESTNET" or "TEST" => Testnet,
        "REGTEST" => Regtest,
        _ => throw new ArgumentException($"Unknown network '{network}'; use mainnet, testnet or regtest.", nameof(network)),
    };

    /// <summary>The coinbase subsidy at <paramref name="height"/> (CHAIN-6.4).</summary>
    public long GetBlockSubsidy(int height)
    {
        var halvings = height / HalvingInterval;
        return halvings >= 63 ? 0 : InitialSubsidy >> halvings;
    }
}
