using System.Globalization;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// The people of a benchmark-sized tenant, computed from an index: user <c>i</c> and external <c>j</c> are
/// pure functions of (seed, index), so nothing but the directory is stored.
/// </summary>
internal sealed class LazyPopulation
{
    private static readonly string[] TimeZones = ["Pacific Standard Time", "W. Europe Standard Time", "Eastern Standard Time", "GMT Standard Time"];
    private readonly NamePools _pools;
    private readonly ulong _seed;

    public LazyPopulation(SyntheticTenantSpec spec, ulong seed)
    {
        Spec = spec;
        _seed = seed;
        _pools = new NamePools(spec.Seed, spec.Companies);
        Newsletter = new Party("The Morning Brief", "news@" + _pools.Companies[0].Domain);
        NoReply = new Party(_pools.Companies[1].Name + " Notifications", "noreply@" + _pools.Companies[1].Domain);
    }

    public SyntheticTenantSpec Spec { get; }

    public Party Newsletter { get; }

    public Party NoReply { get; }

    public Person User(int i)
    {
        var h = Hashing.Mix(_seed, 0x55, (ulong)i);
        var given = _pools.FirstNames[(int)(h % (ulong)_pools.FirstNames.Length)];
        var surname = _pools.LastNames[(int)((h >> 20) % (ulong)_pools.LastNames.Length)];
        var alias = (given[0] + SyntheticPeople.Slug(surname) + i.ToString(CultureInfo.InvariantCulture)).ToLowerInvariant();
        var upn = (SyntheticPeople.Slug(given) + "." + SyntheticPeople.Slug(surname) + i.ToString(CultureInfo.InvariantCulture)).ToLowerInvariant() + "@" + Spec.Domain;
        var id = DirectoryLoader.StableGuid($"{Spec.Seed}/user/{i}");
        var x500 = $"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={h:x16}{Hashing.SplitMix(h):x16}-{alias}";
        var title = _pools.Titles[(int)((h >> 40) % (ulong)_pools.Titles.Length)];
        return new Person(id, given + " " + surname, given, surname, upn, alias, title, "Contoso", Spec.Domain, TimeZones[i % TimeZones.Length], x500);
    }

    public Party External(int j)
    {
        var h = Hashing.Mix(_seed, 0xE7, (ulong)j);
        var given = _pools.FirstNames[(int)(h % (ulong)_pools.FirstNames.Length)];
        var surname = _pools.LastNames[(int)((h >> 20) % (ulong)_pools.LastNames.Length)];
        var company = _pools.Companies[j % Math.Min(Spec.Companies, _pools.Companies.Length)];
        return new Party(given + " " + surname, (SyntheticPeople.Slug(given) + "." + SyntheticPeople.Slug(surname)).ToLowerInvariant() + "@" + company.Domain);
    }

    /// <summary>A colleague of user <paramref name="owner"/> drawn from a small circle of neighbours (realistic repeat contacts).</summary>
    public Party Colleague(int owner, Random r)
    {
        var users = Spec.Users;
        if (users < 2)
        {
            return External(r.Next(Spec.Externals));
        }

        var offset = 1 + r.Next(Math.Min(40, users - 1));
        return Party.Of(User((owner + offset) % users));
    }

    /// <summary>An external contact of user <paramref name="owner"/>: each mailbox has its own circle of about 60.</summary>
    public Party ExternalFor(int owner, Random r) => External((int)((((ulong)owner * 37UL) + (ulong)r.Next(60)) % (ulong)Spec.Externals));
}
