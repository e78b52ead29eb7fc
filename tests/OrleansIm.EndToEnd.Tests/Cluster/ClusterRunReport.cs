namespace OrleansIm.EndToEnd.Tests.Cluster;

/// <summary>What the cluster failure test counted; printed so a run shows its numbers, not only pass or fail.</summary>
internal sealed class ClusterRunReport
{
    public int Acked { get; set; }

    public int Delivered { get; set; }

    public int MissingFromHistory { get; set; }

    public int HistoryGaps { get; set; }

    public int MissingAtMembers { get; set; }

    public int DuplicatedAtMembers { get; set; }

    public int OutOfOrderAtMembers { get; set; }

    /// <summary>Which member misses what, to tell a lost push from a lost message.</summary>
    public List<string> Details { get; } = [];

    public override string ToString() =>
        $"acked {Acked}, delivered {Delivered} (all members, own messages included), missing from history {MissingFromHistory}, " +
        $"history gaps {HistoryGaps}, missing at members {MissingAtMembers}, duplicated at members {DuplicatedAtMembers}, out of order at members {OutOfOrderAtMembers}" +
        string.Concat(Details.Select(d => "\n  " + d));
}
