using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>
/// An overlay over a base view: coins added and spent while a block (or a mempool chain) is applied,
/// without touching the base. What was spent and created is kept for the store and undo data.
/// </summary>
public sealed class CoinViewCache : ICoinView
{
    private readonly ICoinView _baseView;
    private readonly Dictionary<OutPoint, Coin> _added = [];
    private readonly HashSet<OutPoint> _spent = [];
    private readonly Dictionary<OutPoint, Coin> _fetched = [];

    public CoinViewCache(ICoinView baseView)
    {
        _baseView = baseView;
    }

    /// <summary>Coins taken from the base view and spent, in spending order (the undo data).</summary>
    public List<KeyValuePair<OutPoint, Coin>> SpentFromBase { get; } = [];

    /// <summary>Coins added by this overlay and still unspent.</summary>
    public IReadOnlyDictionary<OutPoint, Coin> Added => _added;

    public bool TryGetCoin(in OutPoint outPoint, out Coin coin)
    {
        if (_spent.Contains(outPoint))
        {
            coin = default;
            return false;
        }

        if (_added.TryGetValue(outPoint, out coin) || _fetched.TryGetValue(outPoint, out coin))
        {
            return true;
        }

        // Remember what the base view returned: rules look a coin up more than once.
        if (_baseView.TryGetCoin(outPoint, out coin))
        {
            _fetched[outPoint] = coin;
            return true;
        }

        return false;
    }

    /// <summary>True when this overlay already spent <paramref name="outPoint"/>.</summary>
    public bool WasSpentHere(in OutPoint outPoint) => _spent.Contains(outPoint);

    /// <summary>Spends a coin that <see cref="TryGetCoin"/> returned.</summary>
    public void Spend(in OutPoint outPoint, in Coin coin)
    {
        if (!_added.Remove(outPoint))
        {
            _spent.Add(outPoint);
            SpentFromBase.Add(new(outPoint, coin));
        }
        else
        {
            _spent.Add(outPoint);
        }
    }

    /// <summary>Forgets everything added, spent and fetched, keeping the collections' capacity for reuse.</summary>
    public void Clear()
    {
        _added.Clear();
        _spent.Clear();
        _fetched.Clear();
        SpentFromBase.Clear();
    }

    /// <summary>Adds a new coin.</summary>
    public void Add(in OutPoint outPoint, in Coin coin) => _added[outPoint] = coin;
}
