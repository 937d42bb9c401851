using Bogus;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>
/// Names and companies drawn once with Bogus from the seed; benchmark-sized tenants then pick from these pools
/// by hashing an index, so person <c>i</c> costs nothing to produce and never needs to be stored.
/// </summary>
internal sealed class NamePools
{
    public NamePools(int seed, int companies)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        FirstNames = Enumerable.Range(0, 400).Select(_ => faker.Name.FirstName()).Distinct().ToArray();
        LastNames = Enumerable.Range(0, 400).Select(_ => faker.Name.LastName()).Distinct().ToArray();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Companies = Enumerable.Range(0, Math.Max(companies * 3, 40))
            .Select(_ => faker.Company.CompanyName().Split(',')[0])
            .Select(n => (Name: n, Domain: SyntheticPeople.Slug(n.Replace(" and ", " ", StringComparison.Ordinal)).ToLowerInvariant() + ".com"))
            .Where(c => used.Add(c.Domain))
            .ToArray();
        Titles = Enumerable.Range(0, 60).Select(_ => faker.Name.JobTitle()).Distinct().ToArray();
    }

    public string[] FirstNames { get; }

    public string[] LastNames { get; }

    public (string Name, string Domain)[] Companies { get; }

    public string[] Titles { get; }
}
