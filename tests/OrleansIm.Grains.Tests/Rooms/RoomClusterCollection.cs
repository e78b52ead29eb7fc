namespace OrleansIm.Grains.Tests.Rooms;

[CollectionDefinition(Name)]
public sealed class RoomClusterCollection : ICollectionFixture<RoomClusterFixture>
{
    public const string Name = "room cluster";
}
