import { withUsccCheck } from '../../../shared/party-id';
import { createRng, mixSeed, type Rng } from './random';

/**
 * The demo's world: makers with real Chinese WMIs, their dealers, trading companies, licensed
 * exporters, foreign consignees, cities and border crossings. Small and built once per seed.
 */
export type City = { name: string; province: string; plate: string; region: string };
export type Model = { name: string; fuel: 'ICE' | 'BEV' | 'PHEV' | 'HEV'; price: number; vds: string };
export type Party = {
  name: string;
  id: string | null;
  /** The name as an English-language file writes it (makers only). */
  nameEn?: string;
  city: City;
  /** Exporters: countries they ship to. */
  markets?: readonly string[];
};
export type Maker = Party & { wmi: string; brand: string; brandEn: string; weight: number; models: Model[]; index: number };
export type Consignee = { name: string; country: string };
export type Route = { mode: 'sea' | 'rail' | 'road'; port: string; portEn: string; customs: string; loading: string; discharge: string };

const city = (name: string, province: string, plate: string, region: string): City => ({ name, province, plate, region });
export const CITIES: Readonly<Record<string, City>> = {
  shenzhen: city('深圳市', '广东省', '粤B', '440300'),
  guangzhou: city('广州市', '广东省', '粤A', '440100'),
  chengdu: city('成都市', '四川省', '川A', '510100'),
  chongqing: city('重庆市', '重庆市', '渝A', '500100'),
  xian: city('西安市', '陕西省', '陕A', '610100'),
  tianjin: city('天津市', '天津市', '津A', '120100'),
  shanghai: city('上海市', '上海市', '沪A', '310100'),
  zhengzhou: city('郑州市', '河南省', '豫A', '410100'),
  urumqi: city('乌鲁木齐市', '新疆维吾尔自治区', '新A', '650100'),
  changsha: city('长沙市', '湖南省', '湘A', '430100'),
  hangzhou: city('杭州市', '浙江省', '浙A', '330100'),
  wuhan: city('武汉市', '湖北省', '鄂A', '420100'),
  qingdao: city('青岛市', '山东省', '鲁B', '370200'),
  hefei: city('合肥市', '安徽省', '皖A', '340100'),
  wuhu: city('芜湖市', '安徽省', '皖B', '340200'),
  baoding: city('保定市', '河北省', '冀F', '130600'),
  changchun: city('长春市', '吉林省', '吉A', '220100'),
  horgos: city('霍尔果斯市', '新疆维吾尔自治区', '新F', '654004'),
};
const C = CITIES as Record<string, City>;
const RETAIL_CITIES = ['shenzhen', 'guangzhou', 'chengdu', 'chongqing', 'xian', 'tianjin', 'shanghai', 'zhengzhou',
  'changsha', 'hangzhou', 'wuhan', 'qingdao', 'hefei', 'baoding', 'changchun'].map((k) => C[k]!);

type MakerSpec = [wmi: string, name: string, nameEn: string, brand: string, brandEn: string, city: string, weight: number,
  models: [string, Model['fuel'], number][]];
const MAKERS: MakerSpec[] = [
  ['LGX', '比亚迪汽车工业有限公司', 'BYD Auto Industry Co., Ltd.', '比亚迪', 'BYD', 'shenzhen', 25,
    [['秦PLUS DM-i', 'PHEV', 99_800], ['宋PLUS DM-i', 'PHEV', 149_800], ['元PLUS', 'BEV', 139_800], ['汉EV', 'BEV', 209_800], ['海豹', 'BEV', 189_800], ['海鸥', 'BEV', 69_800]]],
  ['LVV', '奇瑞汽车股份有限公司', 'Chery Automobile Co., Ltd.', '奇瑞', 'Chery', 'wuhu', 18,
    [['瑞虎8 PRO', 'ICE', 129_900], ['瑞虎7 PLUS', 'ICE', 99_900], ['艾瑞泽8', 'ICE', 109_900], ['瑞虎9', 'ICE', 159_900]]],
  ['LS5', '重庆长安汽车股份有限公司', 'Chongqing Changan Automobile Co., Ltd.', '长安', 'Changan', 'chongqing', 15,
    [['CS75 PLUS', 'ICE', 119_900], ['UNI-K', 'ICE', 155_900], ['逸动PLUS', 'ICE', 79_900], ['深蓝SL03', 'BEV', 169_900]]],
  ['LGW', '长城汽车股份有限公司', 'Great Wall Motor Co., Ltd.', '哈弗', 'Haval', 'baoding', 12,
    [['哈弗H6', 'ICE', 119_900], ['哈弗大狗', 'ICE', 139_900], ['坦克300', 'ICE', 209_800], ['魏牌蓝山', 'PHEV', 279_800]]],
  ['LSV', '上汽大众汽车有限公司', 'SAIC Volkswagen Automotive Co., Ltd.', '大众', 'Volkswagen', 'shanghai', 10,
    [['朗逸', 'ICE', 119_900], ['帕萨特', 'ICE', 219_900], ['途观L', 'ICE', 229_900], ['ID.4 X', 'BEV', 199_900]]],
  ['LFV', '一汽-大众汽车有限公司', 'FAW-Volkswagen Automotive Co., Ltd.', '大众', 'Volkswagen', 'changchun', 8,
    [['速腾', 'ICE', 149_900], ['迈腾', 'ICE', 199_900], ['探岳', 'ICE', 189_900], ['宝来', 'ICE', 99_900]]],
  ['LGB', '东风汽车有限公司东风日产乘用车公司', 'Dongfeng Nissan Passenger Vehicle Company', '日产', 'Nissan', 'guangzhou', 6,
    [['轩逸', 'ICE', 109_900], ['奇骏', 'ICE', 189_900], ['天籁', 'HEV', 179_900]]],
  ['LSG', '上汽通用汽车有限公司', 'SAIC General Motors Co., Ltd.', '别克', 'Buick', 'shanghai', 6,
    [['GL8', 'ICE', 239_900], ['英朗', 'ICE', 99_900], ['君越', 'ICE', 209_900], ['昂科威', 'ICE', 219_900]]],
];

const DEALER_WORDS = ['华通', '瑞丰', '鑫达', '中升', '广汇', '永达', '恒信', '庞大', '利星', '宝利', '信达', '润华', '盛世', '金运', '东昌', '百得'];
const TRADERS: [string, string][] = [
  ['成都川港通国际贸易有限公司', 'chengdu'], ['深圳市前海盛达国际贸易有限公司', 'shenzhen'], ['重庆两江鑫源汽车贸易有限公司', 'chongqing'],
  ['西安丝路捷达汽车贸易有限公司', 'xian'], ['天津港保税区远航汽车贸易有限公司', 'tianjin'], ['乌鲁木齐亚欧汇通商贸有限公司', 'urumqi'],
  ['郑州中原联达汽车贸易有限公司', 'zhengzhou'], ['长沙星城汇驰汽车贸易有限公司', 'changsha'], ['广州南沙粤海通汽车贸易有限公司', 'guangzhou'],
  ['青岛海联达国际贸易有限公司', 'qingdao'], ['杭州钱塘鼎盛汽车贸易有限公司', 'hangzhou'], ['武汉江城恒运汽车贸易有限公司', 'wuhan'],
  ['合肥庐州瑞通商贸有限公司', 'hefei'], ['成都天府蓉欧汽车贸易有限公司', 'chengdu'], ['深圳市鹏程万里供应链管理有限公司', 'shenzhen'],
  ['西安陆港通达汽车贸易有限公司', 'xian'],
];
/** Trading companies that hold an export licence and ship what they buy themselves. */
const TRADER_EXPORTERS: [string, string, string[]][] = [
  ['霍尔果斯丝路通进出口贸易有限公司', 'horgos', ['KZ', 'UZ', 'KG']], ['新疆亚欧捷通汽车进出口有限公司', 'urumqi', ['KZ', 'KG', 'TJ']],
  ['四川蓉欧汽车出口服务有限公司', 'chengdu', ['RU', 'KZ']], ['重庆渝新欧汽车出口有限公司', 'chongqing', ['RU', 'GE']],
];
const EXPORTERS: [string, string, string[]][] = [
  ['深圳市国际二手车出口有限公司', 'shenzhen', ['AE', 'RU']], ['天津港二手车出口服务有限公司', 'tianjin', ['RU', 'KZ']],
  ['上海外高桥汽车出口有限公司', 'shanghai', ['RU', 'AE', 'GE']], ['广州南沙汽车出口服务有限公司', 'guangzhou', ['AE', 'RU']],
  ['西安国际陆港二手车出口有限公司', 'xian', ['KZ', 'UZ', 'KG']], ['成都国际铁路港汽车出口有限公司', 'chengdu', ['RU', 'KZ', 'UZ']],
  ['乌鲁木齐二手车出口贸易有限公司', 'urumqi', ['KZ', 'KG', 'TJ']], ['郑州航空港汽车出口有限公司', 'zhengzhou', ['RU', 'KZ']],
];
/** Trading companies of the planted party-level cases; they appear nowhere else. */
const PLANTED_TRADERS: Record<'exact' | 'nine' | 'ratio' | 'sold', [string, string]> = {
  exact: ['佛山市顺安汽车贸易有限公司', 'guangzhou'],
  nine: ['昆明滇越通商贸有限公司', 'chengdu'],
  ratio: ['济南泉城联运汽车贸易有限公司', 'qingdao'],
  sold: ['石家庄冀达国际贸易有限公司', 'baoding'],
};

export const CONSIGNEES: Readonly<Record<string, readonly string[]>> = {
  RU: ['ООО «АвтоИмпорт Восток»', 'OOO Sibir Motors', 'ООО «Приморье Авто Трейд»', 'ООО «Уральский Автодом»'],
  KZ: ['ТОО «Астана Моторс Трейд»', 'TOO Almaty Car Import', 'ТОО «Шымкент Авто»'],
  KG: ['ОсОО «Бишкек Авто Импорт»', 'OsOO Ala-Too Motors'],
  UZ: ['OOO Tashkent Avto Savdo', 'ООО «Самарканд Моторс»'],
  TJ: ['ООО «Душанбе Авто»'],
  AE: ['Al Noor Used Cars Trading LLC', 'Gulf Star Motors FZE', 'Dubai Auto Export FZCO'],
  GE: ['Caucasus Auto Trade LLC', 'Poti Motors Ltd'],
};

const route = (mode: Route['mode'], port: string, portEn: string, customs: string, loading: string, discharge: string): Route =>
  ({ mode, port, portEn, customs, loading, discharge });
export const ROUTES: Readonly<Record<string, readonly Route[]>> = {
  RU: [route('rail', '满洲里', 'Manzhouli', '0601', '满洲里站', 'Забайкальск'), route('road', '绥芬河', 'Suifenhe', '1903', '绥芬河', 'Пограничный'),
    route('sea', '上海海关', 'Shanghai', '2200', 'Shanghai', 'Vladivostok')],
  KZ: [route('road', '霍尔果斯', 'Khorgos', '9406', '霍尔果斯', 'Алматы'), route('rail', '阿拉山口', 'Alashankou', '9411', '阿拉山口站', 'Достык')],
  KG: [route('road', '吐尔尕特', 'Torugart', '9402', '吐尔尕特', 'Бишкек'), route('road', '伊尔克什坦', 'Irkeshtam', '9404', '伊尔克什坦', 'Ош')],
  UZ: [route('rail', '霍尔果斯', 'Khorgos', '9406', '霍尔果斯站', 'Ташкент')],
  TJ: [route('road', '卡拉苏', 'Karasu', '9405', '卡拉苏', 'Душанбе')],
  AE: [route('sea', '广州海关', 'Guangzhou Nansha', '5100', 'Guangzhou Nansha', 'Jebel Ali'), route('sea', '上海海关', 'Shanghai', '2200', 'Shanghai', 'Jebel Ali')],
  GE: [route('sea', '连云港海关', 'Lianyungang', '2305', 'Lianyungang', 'Poti')],
};
export const CARRIERS: Readonly<Record<Route['mode'], readonly string[]>> = {
  sea: ['COSCO Shipping Car Carriers', 'Wallenius Wilhelmsen', 'Höegh Autoliners', 'BYD Auto Carrier'],
  rail: ['中铁集装箱运输有限责任公司', '中欧班列（成都）运营有限公司', '中铁国际多式联运有限公司'],
  road: ['新疆天山国际物流有限公司', '满洲里中俄跨境运输有限公司', '喀什丝路国际货运有限公司'],
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁', '郑', '谢', '宋', '唐', '韩', '冯', '邓', '曹', '彭'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '华', '建国', '志强', '海燕', '晓东', '丽', '鹏', '宇', '婷', '浩', '欣怡', '子涵', '俊杰', '文', '斌', '琳', '雪'];
export const COLOURS = ['白色', '黑色', '灰色', '银色', '蓝色', '红色'];

const USCC_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

export type World = {
  makers: Maker[];
  makerWeights: [Maker, number][];
  dealers: Map<Maker, Party[]>;
  traders: Party[];
  traderExporters: Party[];
  exporters: Party[];
  plantedTraders: Record<keyof typeof PLANTED_TRADERS, Party>;
  /** Every party that can appear on an export declaration. */
  exporterParties: Party[];
};

export function buildWorld(seed: number): World {
  const rng = createRng(mixSeed(seed, 0x5eed));
  const taken = new Set<string>();
  const uscc = (c: City): string => {
    for (;;) {
      let body = `91${c.region}MA`;
      for (let i = 0; i < 7; i++) body += rng.pick([...USCC_BODY]);
      const code = withUsccCheck(body);
      if (!taken.has(code)) { taken.add(code); return code; }
    }
  };
  const company = (name: string, cityKey: string, markets?: string[]): Party => {
    const c = C[cityKey]!;
    return { name, id: uscc(c), city: c, ...(markets ? { markets } : {}) };
  };
  const modelRng = createRng(0xc0ffee);
  const makers: Maker[] = MAKERS.map(([wmi, name, nameEn, brand, brandEn, cityKey, weight, models], index) => ({
    ...company(name, cityKey), nameEn, wmi, brand, brandEn, weight, index,
    models: models.map(([m, fuel, price]) => ({
      name: m, fuel, price,
      vds: Array.from({ length: 5 }, () => modelRng.pick([...VIN_CHARS.slice(0, 23)])).join(''),
    })),
  }));
  const dealers = new Map<Maker, Party[]>();
  let word = 0;
  for (const maker of makers) {
    const list: Party[] = [];
    for (let k = 0; k < 5; k++) {
      const c = rng.pick(RETAIL_CITIES);
      const short = c.name.replace(/市$/, '');
      list.push({ name: `${short}${DEALER_WORDS[word++ % DEALER_WORDS.length]}${maker.brand}汽车销售服务有限公司`, id: uscc(c), city: c });
    }
    dealers.set(maker, list);
  }
  const traders = TRADERS.map(([name, cityKey]) => company(name, cityKey));
  const traderExporters = TRADER_EXPORTERS.map(([name, cityKey, markets]) => company(name, cityKey, markets));
  const exporters = EXPORTERS.map(([name, cityKey, markets]) => company(name, cityKey, markets));
  const plantedTraders = Object.fromEntries(Object.entries(PLANTED_TRADERS)
    .map(([k, [name, cityKey]]) => [k, company(name, cityKey, ['RU', 'KZ'])])) as World['plantedTraders'];
  return {
    makers, makerWeights: makers.map((m) => [m, m.weight]), dealers, traders, traderExporters, exporters, plantedTraders,
    exporterParties: [...exporters, ...traderExporters, plantedTraders.exact, plantedTraders.nine],
  };
}

/** Every surname-given name pair, made once: a million buyers then share these strings. */
const PERSON_NAMES: readonly string[] = SURNAMES.flatMap((s) => GIVEN.map((g) => s + g));

/** A random Chinese personal name. */
export function personName(rng: Rng): string {
  return rng.pick(PERSON_NAMES);
}
