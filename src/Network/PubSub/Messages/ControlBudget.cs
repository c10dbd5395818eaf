namespace RustyNode.Network.PubSub.Messages;

/// <summary>Counts what one RPC's control part holds while it is read, against <see cref="PubSubLimits"/>.</summary>
internal struct ControlBudget
{
    private int _entries;
    private int _ids;

    public void TakeEntry()
    {
        if (++_entries > PubSubLimits.MaxControlEntriesPerRpc)
        {
            throw new PubSubProtocolException($"An RPC carries more than {PubSubLimits.MaxControlEntriesPerRpc} control entries.");
        }
    }

    public void TakeId()
    {
        if (++_ids > PubSubLimits.MaxMessageIdsPerRpc)
        {
            throw new PubSubProtocolException($"An RPC carries more than {PubSubLimits.MaxMessageIdsPerRpc} message ids.");
        }
    }
}
