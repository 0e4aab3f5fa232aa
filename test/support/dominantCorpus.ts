/**
 * A documentation folder dominated by one subject: 40 installation guides (one per tool, written from a pool of
 * real installation prose) and 12 cooking notes. Issue 8's case: a pipeline that caps a topic's size loses the
 * guides to the outliers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../../src/core/random';

const TOOLS = [
  'nginx',
  'PostgreSQL',
  'Redis',
  'Docker',
  'Node.js',
  'Python',
  'Git',
  'MySQL',
  'Apache',
  'Elasticsearch',
  'Kafka',
  'RabbitMQ',
  'Grafana',
  'Prometheus',
  'Jenkins',
  'Terraform',
  'Ansible',
  'MongoDB',
  'Go',
  'Rust',
  'Java',
  'Maven',
  'Gradle',
  'Kubernetes',
  'Helm',
  'Vault',
  'Consul',
  'HAProxy',
  'Memcached',
  'SQLite',
  'Ruby',
  'PHP',
  'Composer',
  'Yarn',
  'Caddy',
  'MariaDB',
  'Cassandra',
  'InfluxDB',
  'Traefik',
  'MinIO',
];

const INSTALL_SENTENCES = [
  'Before you install {tool}, make sure your system meets the minimum requirements listed below.',
  'Download the latest stable release of {tool} from the official package repository.',
  'On Debian and Ubuntu, update the package index with sudo apt-get update and then install the {tool} package.',
  'On Red Hat based distributions, enable the repository and install {tool} with dnf.',
  'On macOS, the easiest way to install {tool} is with Homebrew: run brew install followed by the package name.',
  'Windows users can run the installer and follow the setup wizard, accepting the default installation directory.',
  'After the installation finishes, verify that {tool} is installed by printing its version from a terminal.',
  'Add the installation directory to your PATH environment variable so that the command is found in every shell.',
  'If the installer reports missing dependencies, install them first and run the installer again.',
  'To install a specific version of {tool}, pin the version number in the package manager command.',
  'Configure {tool} to start automatically at boot by enabling its systemd service.',
  'Check the service status with systemctl and read the log if the service fails to start.',
  'The default configuration file is created during installation; copy it before you change any setting.',
  'You need administrator privileges to install system packages, so prefix the commands with sudo.',
  'To upgrade an existing installation of {tool}, stop the service, install the new package and start it again.',
  'To uninstall {tool}, remove the package with your package manager and delete its data directory if you no longer need it.',
  'Installing from source requires a compiler, make and the development headers of the libraries {tool} links against.',
  'Unpack the source archive, run the configure script, then build and install with make and make install.',
  'Behind a corporate proxy, set the proxy variables before downloading the installation packages.',
  'Verify the checksum and the signature of the downloaded archive before you install it.',
  'The installation guide assumes a 64-bit operating system with at least 2 GB of free disk space.',
  'When the installation is complete, open the firewall port that {tool} listens on if clients connect from other machines.',
  'Containers offer another way to install {tool}: pull the official image and run it with the ports published.',
  'Run the post-installation steps to create the first user and secure the default settings.',
  'Troubleshooting: if the command is not found after installation, open a new terminal so the PATH change takes effect.',
];

const COOKING_SENTENCES = [
  'Preheat the oven to 200 degrees and line a baking tray with parchment paper.',
  'Chop the onions and garlic finely and fry them gently in olive oil until they are soft and golden.',
  'Season the sauce with salt, black pepper and a pinch of sugar, then let it simmer for twenty minutes.',
  'Knead the dough for ten minutes until it is smooth and elastic, then leave it to rise in a warm place.',
  'Whisk the eggs with the milk and pour the mixture over the vegetables in the dish.',
  'Roast the chicken for an hour, basting it with its own juices every twenty minutes.',
  'Stir the risotto constantly and add the hot stock one ladle at a time.',
  'Let the cake cool in the tin for ten minutes before turning it out onto a wire rack.',
  'Slice the tomatoes, drizzle them with vinegar and scatter fresh basil leaves over the salad.',
  'Bring a large pot of salted water to the boil and cook the pasta until it is al dente.',
  'Melt the butter in a heavy pan, add the flour and cook the roux for two minutes before adding the milk.',
  'Marinate the lamb overnight in yoghurt, lemon juice, cumin and crushed garlic.',
  'Serve the soup hot with a swirl of cream and a slice of crusty bread.',
  'Fold the beaten egg whites into the batter gently so that the mixture stays light.',
  'Toast the spices in a dry pan until they smell fragrant, then grind them to a fine powder.',
];

const DISHES = [
  'lentil soup',
  'sourdough bread',
  'lemon cake',
  'chicken curry',
  'mushroom risotto',
  'roast lamb',
  'tomato salad',
  'apple pie',
  'vegetable lasagne',
  'fish stew',
  'pancakes',
  'onion tart',
];

function pick<T>(pool: readonly T[], count: number, random: () => number): T[] {
  const order = pool.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key);
  return order.slice(0, count).map((entry) => entry.item);
}

/**
 * Writes `install/<tool>.md` (40 files) and `cooking/<dish>.md` (12 files) under `root`; returns each relative
 * path with its subject.
 */
export function writeDominantSubjectCorpus(root: string, seed = 11): Map<string, 'install' | 'cooking'> {
  const random = seededRandom(seed);
  const truth = new Map<string, 'install' | 'cooking'>();
  mkdirSync(path.join(root, 'install'), { recursive: true });
  mkdirSync(path.join(root, 'cooking'), { recursive: true });
  for (const tool of TOOLS) {
    const sentences = pick(INSTALL_SENTENCES, 9, random).map((s) => s.replaceAll('{tool}', tool));
    const rel = `install/${tool.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.md`;
    writeFileSync(path.join(root, rel), `# Installing ${tool}\n\n${sentences.slice(0, 5).join(' ')}\n\n${sentences.slice(5).join(' ')}\n`);
    truth.set(rel, 'install');
  }
  for (const dish of DISHES) {
    const sentences = pick(COOKING_SENTENCES, 8, random);
    const rel = `cooking/${dish.replace(/ /g, '-')}.md`;
    writeFileSync(
      path.join(root, rel),
      `# ${dish[0].toUpperCase()}${dish.slice(1)}\n\n${sentences.slice(0, 4).join(' ')}\n\n${sentences.slice(4).join(' ')}\n`,
    );
    truth.set(rel, 'cooking');
  }
  return truth;
}
