import { connectionType } from '../common/connection';
import { SalesOrder } from './sales-order.entity';

export const OrderConnection = connectionType('Order', SalesOrder);
