using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Directory;

/// <summary>
/// Users and groups of the tenant, with lookups by id, UPN and any address (mail, otherMails, SMTP and X500
/// proxy addresses), all case-insensitive as in Entra ID.
/// </summary>
internal sealed class TenantDirectory
{
    private readonly Lock _gate = new();
    private readonly List<DirectoryUser> _users = [];
    private readonly Dictionary<string, DirectoryUser> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DirectoryUser> _byAddress = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DirectoryGroup> _groups = [];
    private readonly Dictionary<string, DirectoryGroup> _groupsById = new(StringComparer.OrdinalIgnoreCase);

    public string TenantId { get; set; } = "00000000-0000-0000-0000-000000000001";

    public string DefaultDomain { get; set; } = "contoso.com";

    /// <summary>The application's Exchange mailbox scope (tenant.json <c>exchangeApplicationScope</c>), or null for none.</summary>
    public ExchangeApplicationScope? ApplicationScope { get; set; }

    /// <summary>Whether a user is in the application's Exchange scope (always, without one).</summary>
    public bool InApplicationScope(DirectoryUser user)
    {
        if (ApplicationScope is not { } scope)
        {
            return true;
        }

        if (FindGroup(scope.GroupId) is not { } group)
        {
            return false;
        }

        return scope.Membership == ScopeMembership.Direct
            ? group.Members.Contains(user.Id, StringComparer.OrdinalIgnoreCase)
            : TransitiveMembersOf(group).OfType<DirectoryUser>().Any(u => ReferenceEquals(u, user));
    }

    public IReadOnlyList<DirectoryUser> Users
    {
        get
        {
            lock (_gate)
            {
                return _users.ToArray();
            }
        }
    }

    public IReadOnlyList<DirectoryGroup> Groups
    {
        get
        {
            lock (_gate)
            {
                return _groups.ToArray();
            }
        }
    }

    public int UserCount
    {
        get
        {
            lock (_gate)
            {
                return _users.Count;
            }
        }
    }

    /// <summary>Adds a user or replaces the one with the same id.</summary>
    public DirectoryUser Upsert(string id, JsonObject data, bool hasMailbox)
    {
        JsonMaterializer.Materialize(data);
        lock (_gate)
        {
            if (_byKey.TryGetValue(id, out var existing) && existing.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
            {
                Unindex(existing);
                existing.Data = data;
                existing.HasMailbox |= hasMailbox;
                Index(existing);
                return existing;
            }

            var user = new DirectoryUser(id, data, hasMailbox, _users.Count);
            _users.Add(user);
            Index(user);
            return user;
        }
    }

    /// <summary>Replaces a user's data (copy-on-write) and re-indexes its addresses.</summary>
    public void Update(DirectoryUser user, JsonObject data)
    {
        JsonMaterializer.Materialize(data);
        lock (_gate)
        {
            Unindex(user);
            user.Data = data;
            Index(user);
        }
    }

    /// <summary>Finds a user by object id or userPrincipalName, including soft-deleted users.</summary>
    public DirectoryUser? Find(string idOrUpn)
    {
        lock (_gate)
        {
            return _byKey.TryGetValue(idOrUpn, out var user) ? user : null;
        }
    }

    /// <summary>Finds a user by any of its addresses (SMTP or X500, with or without the proxy prefix).</summary>
    public DirectoryUser? FindByAddress(string address)
    {
        lock (_gate)
        {
            return _byAddress.TryGetValue(StripPrefix(address), out var user) ? user : null;
        }
    }

    public DirectoryGroup UpsertGroup(string id, JsonObject data, List<string> members)
    {
        JsonMaterializer.Materialize(data);
        lock (_gate)
        {
            if (_groupsById.TryGetValue(id, out var existing))
            {
                existing.Data = data;
                existing.Members.Clear();
                existing.Members.AddRange(members);
                return existing;
            }

            var group = new DirectoryGroup(id, data, members);
            _groups.Add(group);
            _groupsById[id] = group;
            return group;
        }
    }

    public DirectoryGroup? FindGroup(string id)
    {
        lock (_gate)
        {
            return _groupsById.TryGetValue(id, out var g) ? g : null;
        }
    }

    /// <summary>Direct members (users and groups) that exist and are not deleted, in membership order.</summary>
    public List<object> MembersOf(DirectoryGroup group)
    {
        lock (_gate)
        {
            var result = new List<object>();
            foreach (var id in group.Members)
            {
                if (_byKey.TryGetValue(id, out var user) && user.Id.Equals(id, StringComparison.OrdinalIgnoreCase))
                {
                    if (!user.IsDeleted)
                    {
                        result.Add(user);
                    }
                }
                else if (_groupsById.TryGetValue(id, out var g))
                {
                    result.Add(g);
                }
            }

            return result;
        }
    }

    /// <summary>All members reachable through nested groups (users and groups, each once).</summary>
    public List<object> TransitiveMembersOf(DirectoryGroup group)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { group.Id };
        var result = new List<object>();
        var queue = new Queue<DirectoryGroup>([group]);
        while (queue.Count > 0)
        {
            foreach (var member in MembersOf(queue.Dequeue()))
            {
                var id = member is DirectoryUser u ? u.Id : ((DirectoryGroup)member).Id;
                if (!seen.Add(id))
                {
                    continue;
                }

                result.Add(member);
                if (member is DirectoryGroup nested)
                {
                    queue.Enqueue(nested);
                }
            }
        }

        return result;
    }

    private void Index(DirectoryUser user)
    {
        _byKey[user.Id] = user;
        _byKey[user.UserPrincipalName] = user;
        foreach (var address in Addresses(user))
        {
            _byAddress.TryAdd(address, user);
        }
    }

    private void Unindex(DirectoryUser user)
    {
        _byKey.Remove(user.UserPrincipalName);
        foreach (var address in Addresses(user))
        {
            if (_byAddress.TryGetValue(address, out var owner) && ReferenceEquals(owner, user))
            {
                _byAddress.Remove(address);
            }
        }
    }

    private static IEnumerable<string> Addresses(DirectoryUser user)
    {
        yield return user.UserPrincipalName;
        if (user.Mail is { } mail)
        {
            yield return mail;
        }

        foreach (var other in (user.Data["otherMails"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>())
        {
            yield return other;
        }

        foreach (var proxy in user.ProxyAddresses)
        {
            yield return StripPrefix(proxy);
        }
    }

    private static string StripPrefix(string address)
    {
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and <= 5 && !address.StartsWith('/') ? address[(colon + 1)..] : address;
    }
}
