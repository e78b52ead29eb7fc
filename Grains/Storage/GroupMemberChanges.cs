namespace OrleansIm.Grains.Storage;

/// <summary>Rows of a large group's membership to write (insert or replace) and to delete, in one transaction.</summary>
public sealed record GroupMemberChanges(IReadOnlyList<GroupMemberRow> Upserts, IReadOnlyList<string> Removals)
{
    public static GroupMemberChanges Upsert(params GroupMemberRow[] rows) => new(rows, []);

    public static GroupMemberChanges Remove(params string[] userIds) => new([], userIds);

    public int RowCount => Upserts.Count + Removals.Count;
}
