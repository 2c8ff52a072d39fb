using Npgsql;

namespace EfficientAI.Telephony.Storage.Tests.Embedded;

/// <summary>Asks a server a question over a fresh, unpooled connection.</summary>
internal static class PostgresProbe
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<bool> AnswersAsync(string connectionString)
    {
        try
        {
            return await ScalarAsync<int>(connectionString, "SELECT 1") == 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
