import { generateSyntheticData } from './generate-synthetic-data.js';
const [folder, day] = process.argv.slice(2);
await generateSyntheticData(folder!, { citizens: 1_000_000, cases: 2_000_000 }, { day: Number(day) as 1 | 2 });
