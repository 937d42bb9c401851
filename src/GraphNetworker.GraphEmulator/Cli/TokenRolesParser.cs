namespace GraphNetworker.GraphEmulator.Cli;

/// <summary>
/// Parses <c>--token-roles "readbasic=Mail.ReadBasic.All,Calendars.ReadWrite;full=*;scoped=Mail.ReadBasic.All@dana@contoso.com+lee@contoso.com"</c>:
/// token = roles, optionally <c>@</c> and '+'-separated mailboxes an access policy allows.
/// </summary>
internal static class TokenRolesParser
{
    public static void Apply(string? text, GraphEmulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"--token-roles entry '{entry}' must look like token=Role1,Role2.");
            }

            var token = entry[..eq];
            var rest = entry[(eq + 1)..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var roles = at < 0 ? rest : rest[..at];
            var grant = new TokenGrant { Roles = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() };
            if (at >= 0)
            {
                grant.AllowedMailboxes = rest[(at + 1)..].Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            }

            options.TokenRoles[token] = grant;
        }
    }
}
