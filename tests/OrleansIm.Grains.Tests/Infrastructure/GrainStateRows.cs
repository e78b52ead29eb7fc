namespace OrleansIm.Grains.Tests.Infrastructure;

/// <summary>Direct access to the "im" grain storage rows, to simulate crashes and damage between activations.</summary>
public static class GrainStateRows
{
    /// <summary>The stored payload of a string-keyed grain's state, or null when there is no row.</summary>
    public static byte[]? Read(ImCluster cluster, string stateName, string key)
    {
        using var connection = cluster.ConnectToGrainState();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT payload FROM orleans_grain_state
            WHERE service_id = $service AND grain_type = $type AND grain_id_ext = $key
            """;
        Bind(command, cluster, stateName, key);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>Replaces the payload (keeping the version, so the next activation's writes still succeed).</summary>
    public static void Overwrite(ImCluster cluster, string stateName, string key, byte[]? payload)
    {
        using var connection = cluster.ConnectToGrainState();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE orleans_grain_state SET payload = $payload
            WHERE service_id = $service AND grain_type = $type AND grain_id_ext = $key
            """;
        Bind(command, cluster, stateName, key);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"No stored '{stateName}' state for '{key}'.");
        }
    }

    /// <summary>Removes the row: the next activation starts from nothing but the message store.</summary>
    public static void Delete(ImCluster cluster, string stateName, string key)
    {
        using var connection = cluster.ConnectToGrainState();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM orleans_grain_state
            WHERE service_id = $service AND grain_type = $type AND grain_id_ext = $key
            """;
        Bind(command, cluster, stateName, key);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"No stored '{stateName}' state for '{key}'.");
        }
    }

    private static void Bind(Microsoft.Data.Sqlite.SqliteCommand command, ImCluster cluster, string stateName, string key)
    {
        command.Parameters.AddWithValue("$service", cluster.ServiceId);
        command.Parameters.AddWithValue("$type", stateName);
        command.Parameters.AddWithValue("$key", key);
    }
}
