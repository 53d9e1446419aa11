// Narrow replays of a project's own bootstrap steps that change entity metadata at run time
// (an id strategy chosen in the app config, feature flags that add columns, plugin custom fields).
// A corpus names one with "prelude": "NAME" in corpora.json and lists the files it needs in
// "preludeFiles"; it runs synchronously right after the entity modules are loaded. Each prelude
// must use the corpus' own compiled code (loader.requireSource(relativePath)) and invent nothing.
//
//   export const preludes = {
//     myapp({ loader, srcRoot, log }) {
//       const { applyIdStrategy } = loader.requireSource('src/bootstrap/ids.ts');
//       applyIdStrategy('increment');
//       log('myapp prelude: default id strategy');
//       return { idStrategy: 'increment' };   // recorded in NAME.meta.json
//     },
//   };
//
// Schema Lens overlay (bench/realworld/oracle-overlay, listed in bench/REALWORLD.md): the preludes
// below are ours; the shared oracle ships none.
export const preludes = {
  // Vendure (packages/core): @PrimaryGeneratedId() and @EntityId() / @Money() only record the property
  // in a registry; the TypeORM column is applied at boot by preBootstrapConfig() (src/bootstrap.ts):
  //   const entities = getAllEntities(userConfig);            // Object.values(coreEntitiesMap) + plugin entities
  //   setEntityIdStrategy(config.entityOptions.entityIdStrategy ?? config.entityIdStrategy, entities);
  //   setMoneyStrategy(config.entityOptions.moneyStrategy, entities);
  //   registerCustomEntityFields(config);                    // adds nothing: no customFields configured
  // with the defaults of src/config/default-config.ts: entityOptions.entityIdStrategy =
  // new AutoIncrementIdStrategy() (primaryKeyType 'increment' -> PrimaryGeneratedColumn('increment'),
  // id reference columns 'int') and entityOptions.moneyStrategy = new DefaultMoneyStrategy()
  // (moneyColumnOptions { type: 'int' }). No plugins (the corpus is the core entities only).
  vendure({ loader, log }) {
    const { coreEntitiesMap } = loader.requireSource('packages/core/src/entity/entities.ts');
    const { setEntityIdStrategy } = loader.requireSource('packages/core/src/entity/set-entity-id-strategy.ts');
    const { setMoneyStrategy } = loader.requireSource('packages/core/src/entity/set-money-strategy.ts');
    const { AutoIncrementIdStrategy } = loader.requireSource('packages/core/src/config/entity/auto-increment-id-strategy.ts');
    const { DefaultMoneyStrategy } = loader.requireSource('packages/core/src/config/entity/default-money-strategy.ts');
    const entities = Object.values(coreEntitiesMap);
    const idStrategy = new AutoIncrementIdStrategy();
    const moneyStrategy = new DefaultMoneyStrategy();
    setEntityIdStrategy(idStrategy, entities);
    setMoneyStrategy(moneyStrategy, entities);
    log(`vendure prelude: setEntityIdStrategy(AutoIncrementIdStrategy) and setMoneyStrategy(DefaultMoneyStrategy) over ${entities.length} core entities`);
    return {
      entities: entities.length,
      entityIdStrategy: `AutoIncrementIdStrategy (primaryKeyType ${idStrategy.primaryKeyType})`,
      moneyStrategy: `DefaultMoneyStrategy (${JSON.stringify(moneyStrategy.moneyColumnOptions)})`,
    };
  },
};
